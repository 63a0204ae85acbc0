"""Course packages (DESIGN §5): folders of YAML and Markdown that round-trip with the database.

``read_package`` parses and validates a folder without touching the database;
``import_packages`` writes validated packages in the caller's transaction;
``export_course`` writes a course back to a folder in the same format.
"""

from lms.courses.package.errors import PackageError, Problem
from lms.courses.package.exporter import export_course
from lms.courses.package.importer import import_packages
from lms.courses.package.reader import find_packages, read_package

__all__ = [
    "PackageError",
    "Problem",
    "export_course",
    "find_packages",
    "import_packages",
    "read_package",
]
