#!/usr/bin/env python3
"""C2's machine code for a method, readable without the hsdis plugin.

HotSpot prints a compiled method's code with
    java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,CLASS::METHOD ...
but without a disassembler plugin (hsdis, which no JDK ships) it prints only hex bytes, between
[MachCode] and [/MachCode], with its own annotations (calls, bytecode positions) interleaved.
This script collects those bytes for each C2 compilation in the log, disassembles them with
binutils' objdump (Intel syntax, the code's own addresses) and puts HotSpot's notes on calls
and bytecode positions back above their instructions. It is how docs and BENCHMARKS.md look at
what C2 made of a micro-kernel: which values stay in registers, what each loop iteration
executes, whether range checks left the loop.

Usage: c2_disassembly.py LOG [--all-tiers]
  LOG          the JVM's standard output with -XX:CompileCommand=print,... in force
  --all-tiers  C1's compilations too (tiers 1 to 3), not only C2's (tier 4)
"""
import argparse
import re
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser(usage=__doc__.split("\n\n")[2].removeprefix("Usage: "))
parser.add_argument("log")
parser.add_argument("--all-tiers", action="store_true")
args = parser.parse_args()

compiler = r"c[12]" if args.all_tiers else r"c2"
method = re.compile(r"^Compiled method \(" + compiler + r"\)[^\n]*\n(?:.*?\n)*?\[MachCode\]\n"
                    r"(?P<code>.*?)\[/MachCode\]", re.M | re.S)
line_pattern = re.compile(r"\s*0x(?P<address>[0-9a-f]+): (?P<rest>.*)")
instruction = re.compile(r"\s*(?P<address>[0-9a-f]+):")


def code_and_notes(block):
    """The method's bytes from its first address, and HotSpot's notes by address."""
    start = None
    code = bytearray()
    notes = {}
    address = None
    for line in block.split("\n"):
        match = line_pattern.match(line)
        if not match:
            # a note's continuation: the bytecode position as "; - Class::method@bci (line L)"
            if address is not None and line.lstrip().startswith("; - "):
                notes.setdefault(address, []).append(line.strip())
            continue
        address = int(match["address"], 16)
        rest = match["rest"]
        if rest.startswith(";"):
            if "call" in rest:
                notes.setdefault(address, []).append(rest.strip())
            continue
        if start is None:
            start = address
        if address != start + len(code):
            raise SystemExit(f"{args.log}: a gap in the code at {address:#x}")
        code += bytes.fromhex(re.sub(r"[^0-9a-f]", "", rest))
    return start, code, notes


def disassemble(start, code):
    with tempfile.NamedTemporaryFile(suffix=".bin") as binary:
        binary.write(code)
        binary.flush()
        listing = subprocess.run(
            ["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-M", "intel",
             f"--adjust-vma={start:#x}", binary.name],
            capture_output=True, text=True, check=True).stdout
    return listing.split("<.data>:\n", 1)[-1]


with open(args.log) as log:
    text = log.read()
found = 0
for match in method.finditer(text):
    found += 1
    print(match.group(0).split("\n", 1)[0])
    start, code, notes = code_and_notes(match["code"])
    for line in disassemble(start, code).split("\n"):
        address = instruction.match(line)
        for note in notes.get(int(address["address"], 16), []) if address else []:
            print("        " + note)
        print(line)
if not found:
    sys.exit(f"{args.log}: no compiled method printed (was -XX:CompileCommand=print,... given?)")
