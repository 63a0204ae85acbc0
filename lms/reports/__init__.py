"""Reports: per-person yearly summaries that dashboards, people tables and exports read."""
