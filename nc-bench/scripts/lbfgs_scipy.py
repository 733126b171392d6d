"""SciPy's L-BFGS-B on the problems of nc-autodiff's LbfgsScipyTest, for its iteration counts.

Usage: lbfgs_scipy.py rosenbrock GTOL
       lbfgs_scipy.py quadratic A.npy B.npy GTOL
Minimizes Rosenbrock's function from (-1.2, 1), or (1/2) x^T A x - b^T x from 0, with history 10
and no bound, until the gradient's largest entry is at most GTOL (ftol 0, so only the gradient
stops it), and prints "iterations evaluations error": the error is |x - x*| / |x*|.
"""
import sys

import numpy as np
from scipy.optimize import minimize


def rosenbrock(x):
    u, v = x
    f = (1 - u) ** 2 + 100 * (v - u * u) ** 2
    g = np.array([-2 * (1 - u) - 400 * u * (v - u * u), 200 * (v - u * u)])
    return f, g


def main(argv):
    if argv[1] == "rosenbrock":
        fun, x0, exact, gtol = rosenbrock, np.array([-1.2, 1.0]), np.ones(2), float(argv[2])
    else:
        a, b = np.load(argv[2]), np.load(argv[3]).ravel()
        fun = lambda x: (0.5 * x @ a @ x - b @ x, a @ x - b)
        x0, exact, gtol = np.zeros(len(b)), np.linalg.solve(a, b), float(argv[4])
    r = minimize(fun, x0, jac=True, method="L-BFGS-B",
                 options=dict(maxcor=10, gtol=gtol, ftol=0, maxiter=100000, maxfun=200000))
    print(r.nit, r.nfev, np.linalg.norm(r.x - exact) / np.linalg.norm(exact))


if __name__ == "__main__":
    main(sys.argv)
