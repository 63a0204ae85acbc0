"""The hand-written SQL "limits" for tests/perf/report_benchmark.py.

Each is one statement that yields the figures a page shows, written as a DBA would against
the same tables, portable between SQLite and PostgreSQL. Parameters: ``prefix`` (a unit path
followed by ``%``), ``year``, ``since`` (30 days ago), ``today``.
"""

from __future__ import annotations

MONTHS = ", ".join(f"sum(s.completed_{m:02d})" for m in range(1, 13))
WIDTH = 25  # columns of every UNION ALL branch: kind, two keys, 22 numbers


def _branch(kind: str, keys: list[str], numbers: list[str], rest: str) -> str:
    keys = keys + ["NULL"] * (2 - len(keys))
    numbers = numbers + ["NULL"] * (WIDTH - 3 - len(numbers))
    cast_keys = [f"CAST({k} AS VARCHAR(200))" for k in keys]
    cast_numbers = [f"CAST({n} AS NUMERIC(14, 4))" for n in numbers]
    return f"SELECT '{kind}', {', '.join(cast_keys + cast_numbers)} {rest}"


DASHBOARD = (
    "WITH units AS (SELECT id, path FROM org_unit WHERE path LIKE :prefix) "
    + " UNION ALL ".join(
        [
            _branch(
                "unit",
                ["s.unit_id"],
                [
                    "count(*)",
                    "sum(s.online)",
                    "sum(s.offline)",
                    "sum(s.external)",
                    "sum(s.total)",
                    "sum(s.target_total)",
                    "sum(coalesce(s.target_online, 0))",
                    "sum(coalesce(s.target_offline, 0))",
                    "sum(CASE WHEN s.on_track THEN 1 ELSE 0 END)",
                    "sum(s.certificates)",
                    *MONTHS.split(", "),
                ],
                "FROM person_year_summary s WHERE s.year = :year AND s.active "
                "AND s.unit_id IN (SELECT id FROM units) GROUP BY s.unit_id",
            ),
            _branch("path", ["id", "path"], [], "FROM units"),
            _branch(
                "competency",
                ["competency_code"],
                ["avg(share)"],
                "FROM person_competency WHERE active AND unit_id IN (SELECT id FROM units) "
                "GROUP BY competency_code",
            ),
            _branch(
                "active",
                [],
                ["count(*)"],
                "FROM person WHERE is_active AND last_login_at >= :since "
                "AND unit_id IN (SELECT id FROM units)",
            ),
            _branch(
                "assigned",
                ["a.course_id", "u.path"],
                ["CASE WHEN a.due_date < :today THEN 1 ELSE 0 END"],
                "FROM assignment a JOIN org_unit u ON u.id = a.unit_id WHERE a.year = :year",
            ),
            _branch(
                "done",
                ["e.course_id", "e.unit_id"],
                ["count(*)"],
                "FROM enrollment e WHERE e.completed_at IS NOT NULL AND e.active "
                "AND e.unit_id IN (SELECT id FROM units) AND e.course_id IN "
                "(SELECT a.course_id FROM assignment a WHERE a.year = :year "
                "AND a.unit_id IS NOT NULL) GROUP BY e.course_id, e.unit_id",
            ),
            _branch(
                "single",
                ["a.course_id", "a.person_id"],
                [
                    "CASE WHEN min(a.due_date) < :today THEN 1 ELSE 0 END",
                    "min(s.unit_id)",
                    "count(e.completed_at)",
                ],
                "FROM assignment a JOIN person_year_summary s ON s.person_id = a.person_id "
                "AND s.year = :year LEFT JOIN enrollment e ON e.person_id = a.person_id "
                "AND e.course_id = a.course_id WHERE a.year = :year AND s.active "
                "AND s.unit_id IN (SELECT id FROM units) GROUP BY a.course_id, a.person_id",
            ),
        ]
    )
)

#: people below 60 % in a competency and behind the target, most hours first: the count
#: and the first page of 50 in one statement
PEOPLE = """
SELECT count(*) OVER () AS total, p.id, p.display_name, p.employee_no, p.rank, u.name,
       s.total, s.online, s.target_total, s.on_track, pc.share
FROM person p
JOIN org_unit u ON u.id = p.unit_id
LEFT JOIN person_year_summary s ON s.person_id = p.id AND s.year = :year
LEFT JOIN person_competency pc ON pc.person_id = p.id AND pc.competency_code = :competency
WHERE u.path LIKE :prefix AND p.is_active
  AND NOT coalesce(s.on_track, FALSE) AND coalesce(pc.share, 0) < 0.6
ORDER BY coalesce(s.total, 0) DESC, p.id
LIMIT 50
"""

#: every row of the export (no filter), in the export's order
EXPORT = """
SELECT p.id, p.employee_no, p.display_name, p.username, u.name, u.code, p.rank,
       p.staff_type, s.online, s.offline, s.external, s.total, s.target_total,
       s.target_online, s.on_track, s.certificates
FROM person p
JOIN org_unit u ON u.id = p.unit_id
LEFT JOIN person_year_summary s ON s.person_id = p.id AND s.year = :year
WHERE u.path LIKE :prefix AND p.is_active
ORDER BY u.path, p.display_name, p.id
"""

#: one page of the data feed: 500 people after an id, with hours by category, targets,
#: completions, certificates, average score and competency scores
API_PAGE = """
WITH page AS (
  SELECT p.id, p.employee_no, p.username, p.display_name, p.rank, p.staff_type, p.is_active,
         p.updated_at, p.record_changed_at, u.code, u.name
  FROM person p JOIN org_unit u ON u.id = p.unit_id
  WHERE u.path LIKE :prefix AND p.id > :after ORDER BY p.id LIMIT 500
)
SELECT page.*, h.online, h.offline, h.external, s.target_total, s.target_online,
       s.target_offline, s.on_track, e.completed, c.n, c.average, pc.competency_code, pc.share
FROM page
LEFT JOIN (
  SELECT person_id,
         sum(CASE WHEN category = 'online' THEN hours ELSE 0 END) AS online,
         sum(CASE WHEN category = 'offline' THEN hours ELSE 0 END) AS offline,
         sum(CASE WHEN category = 'external' THEN hours ELSE 0 END) AS external
  FROM credit_entry WHERE year = :year AND person_id IN (SELECT id FROM page)
  GROUP BY person_id
) h ON h.person_id = page.id
LEFT JOIN person_year_summary s ON s.person_id = page.id AND s.year = :year
LEFT JOIN (
  SELECT person_id, count(*) AS completed FROM enrollment
  WHERE completed_at IS NOT NULL AND person_id IN (SELECT id FROM page) GROUP BY person_id
) e ON e.person_id = page.id
LEFT JOIN (
  SELECT person_id, count(*) AS n, avg(score) AS average FROM certificate
  WHERE revoked_at IS NULL AND person_id IN (SELECT id FROM page) GROUP BY person_id
) c ON c.person_id = page.id
LEFT JOIN person_competency pc ON pc.person_id = page.id
ORDER BY page.id
"""
