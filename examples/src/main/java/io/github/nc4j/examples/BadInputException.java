package io.github.nc4j.examples;

/** Input files that do not fit the command's contract; the message is shown to the user as is. */
final class BadInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
