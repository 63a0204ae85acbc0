"""Org units: the province → city → county → township → department/village tree."""
