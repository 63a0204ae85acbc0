"""The OpenAPI 3.1 description of the data feed (tested against real responses)."""

from __future__ import annotations

from typing import Any

NUM = {"type": "number"}
NUM_OR_NULL = {"type": ["number", "null"]}
STR = {"type": "string"}
STR_OR_NULL = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
DATETIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


HOURS = _object(
    {"online": NUM, "offline": NUM, "external": NUM, "total": NUM},
    "Credit hours (学时) in the year by category; reversals are netted out.",
)
TARGETS = _object(
    {"total": NUM, "online": NUM_OR_NULL, "offline": NUM_OR_NULL},
    "The annual target that applies to the person (or the unit's defaults).",
)
UNIT = _object({"code": STR_OR_NULL, "name": STR_OR_NULL})
COMPETENCIES = {
    "type": "object",
    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
    "description": "Competency code -> share of points earned on graded items "
    "(best attempt per quiz).",
}

SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": _object({"code": STR, "message": STR})}),
    "Person": _object(
        {
            "employee_no": STR_OR_NULL,
            "username": STR,
            "display_name": STR,
            "unit": {"$ref": "#/components/schemas/Unit"},
            "rank": STR_OR_NULL,
            "staff_type": STR_OR_NULL,
            "active": {"type": "boolean"},
            "year": {"type": "integer"},
            "hours": {"$ref": "#/components/schemas/Hours"},
            "targets": {"$ref": "#/components/schemas/Targets"},
            "on_track": {"type": "boolean", "description": "达标: hours meet every target"},
            "courses_completed": {"type": "integer"},
            "certificates": {"type": "integer", "description": "Valid (not revoked) certificates"},
            "average_score": NUM_OR_NULL,
            "competency_scores": {"$ref": "#/components/schemas/CompetencyScores"},
            "updated_at": DATETIME,
        },
        "One person in the caller's units.",
    ),
    "PeoplePage": _object(
        {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
            "next_cursor": STR_OR_NULL,
        }
    ),
    "Certificate": _object(
        {
            "serial": STR,
            "employee_no": STR_OR_NULL,
            "username": STR,
            "course_code": STR_OR_NULL,
            "title": STR,
            "credit_hours": NUM,
            "score": NUM_OR_NULL,
            "completed_on": DATE,
            "issued_at": DATETIME,
            "status": {"type": "string", "enum": ["valid", "revoked"]},
            "revoked_at": DATETIME_OR_NULL,
            "revoke_reason": STR_OR_NULL,
        }
    ),
    "CertificatesPage": _object(
        {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Certificate"}},
            "next_cursor": STR_OR_NULL,
        }
    ),
    "Record": _object(
        {
            "employee_no": STR_OR_NULL,
            "username": STR,
            "display_name": STR,
            "unit": {"$ref": "#/components/schemas/Unit"},
            "year": {"type": "integer"},
            "hours": {"$ref": "#/components/schemas/Hours"},
            "targets": {"$ref": "#/components/schemas/Targets"},
            "on_track": {"type": "boolean"},
            "entries": {
                "type": "array",
                "items": _object(
                    {
                        "date": DATE,
                        "category": {"type": "string", "enum": ["online", "offline", "external"]},
                        "hours": NUM,
                        "title": STR,
                        "provider": STR_OR_NULL,
                        "reversal": {"type": "boolean"},
                    }
                ),
            },
            "certificates": {
                "type": "array",
                "items": _object(
                    {
                        "serial": STR,
                        "course_code": STR_OR_NULL,
                        "title": STR,
                        "credit_hours": NUM,
                        "score": NUM_OR_NULL,
                        "completed_on": DATE,
                        "status": {"type": "string", "enum": ["valid", "revoked"]},
                    }
                ),
            },
            "competency_scores": {"$ref": "#/components/schemas/CompetencyScores"},
        },
        "One learning record (学习档案) for a year.",
    ),
    "UnitSummary": _object(
        {
            "unit": _object({"code": STR, "name": STR, "kind": STR}),
            "year": {"type": "integer"},
            "people": {"type": "integer"},
            "hours": {"$ref": "#/components/schemas/Hours"},
            "on_track": {"type": "integer", "description": "People meeting their targets"},
            "compliance_rate": NUM_OR_NULL,
            "certificates": {"type": "integer"},
        },
        "Totals for everyone in the unit's subtree.",
    ),
    "Hours": HOURS,
    "Targets": TARGETS,
    "Unit": UNIT,
    "CompetencyScores": COMPETENCIES,
}


def _param(
    name: str,
    description: str,
    schema: dict[str, Any],
    where: str = "query",
    required: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema,
    }


CURSOR = _param("cursor", "Opaque cursor from next_cursor (valid for one hour).", STR)
LIMIT = _param(
    "limit", "Page size, 1–500 (default 100).", {"type": "integer", "minimum": 1, "maximum": 500}
)
SINCE = _param("updated_since", "Only rows changed since this ISO 8601 date or date-time.", STR)
YEAR = _param("year", "The year (default: this year in Asia/Shanghai).", {"type": "integer"})


def _ok(schema: str, description: str) -> dict[str, Any]:
    errors = {
        str(code): {
            "description": text,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code, text in (
            (400, "Bad parameter"),
            (401, "Missing or invalid token"),
            (404, "Not found in your units"),
            (429, "Rate limit exceeded"),
        )
    }
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        **errors,
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Township Academy personnel data feed",
            "version": "1.0.0",
            "description": "Read-only data for personnel offices (组织人事部门): people, "
            "learning records, certificates and unit summaries, limited to "
            "the token owner's units. Every read is audited.",
        },
        "servers": [{"url": base_url.rstrip("/") + "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Tokens are created by a manager "
                    "(/manage/tokens or lms tokens create).",
                }
            },
            "schemas": SCHEMAS,
        },
        "paths": {
            "/people": {
                "get": {
                    "operationId": "listPeople",
                    "summary": "People in scope",
                    "parameters": [CURSOR, LIMIT, SINCE, YEAR],
                    "responses": _ok("PeoplePage", "A page of people"),
                }
            },
            "/people/{employee_no}/record": {
                "get": {
                    "operationId": "getRecord",
                    "summary": "One learning record",
                    "parameters": [_param("employee_no", "工号", STR, "path", True), YEAR],
                    "responses": _ok("Record", "The record"),
                }
            },
            "/certificates": {
                "get": {
                    "operationId": "listCertificates",
                    "summary": "Issued and revoked certificates",
                    "parameters": [CURSOR, LIMIT, SINCE],
                    "responses": _ok("CertificatesPage", "A page of certificates"),
                }
            },
            "/units/{code}/summary": {
                "get": {
                    "operationId": "getUnitSummary",
                    "summary": "Unit totals and compliance",
                    "parameters": [_param("code", "Unit code", STR, "path", True), YEAR],
                    "responses": _ok("UnitSummary", "The summary"),
                }
            },
        },
    }
