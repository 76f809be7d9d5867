"""corridors: throughput of the Eurasian freight corridors through Kazakhstan.

The library behind the dashboard and the ``corridors`` command line. Pages and the
CLI are thin shells over the functions in this package.
"""

__version__ = "0.1.0"
