"""Thematic classes (专题班): a named set of courses with members, a window and required hours."""
