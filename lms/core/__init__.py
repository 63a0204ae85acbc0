"""Shared building blocks: errors, access rules, sanitising, time and competencies."""
