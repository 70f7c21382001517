import Attestation
import Foundation

/// The JSON Schema of the report, as published in `Reports/report.schema.json` (a test keeps
/// the two byte-identical), so a verifier needs no file besides the trust root.
public enum ReportSchema {
    /// The schema text.
    public static let text = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aitc.dev/schemas/conformance-report/0.1",
  "title": "aitc conformance report (the predicate of an aitc in-toto statement)",
  "description": "Checked by `aitc verify --trust-root` (step 7) with the keywords listed in Reports/ACCREDITATION.md. Members not named here are allowed at the top level and in open sections; the sections the desk reads are closed.",
  "type": "object",
  "required": ["schema", "report_id", "created_at", "decision", "decision_reason", "complete", "harness", "lab", "suite",
    "standards", "mode", "device", "meters", "instruments", "workloads", "verdicts", "summary", "started_at", "finished_at",
    "scoring_input"],
  "properties": {
    "schema": {"const": "aitc.conformance-report/0.1"},
    "report_id": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"},
    "created_at": {"$ref": "#/$defs/time"},
    "started_at": {"$ref": "#/$defs/time"},
    "finished_at": {"$ref": "#/$defs/time"},
    "decision": {"$ref": "#/$defs/decision"},
    "decision_reason": {"type": "string"},
    "complete": {"type": "boolean"},
    "incomplete_reason": {"type": "string"},
    "harness": {"type": "object"},
    "lab": {
      "type": "object",
      "required": ["name", "key_id"],
      "additionalProperties": false,
      "properties": {
        "name": {"type": "string"},
        "key_id": {"$ref": "#/$defs/sha256"}
      }
    },
    "suite": {
      "type": "object",
      "required": ["id", "version", "title", "sha256", "device_class"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "string"},
        "version": {"type": "string"},
        "title": {"type": "string"},
        "sha256": {"$ref": "#/$defs/sha256"},
        "device_class": {"$ref": "#/$defs/deviceClass"}
      }
    },
    "standards": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "required": ["id", "family", "version", "sha256"],
        "additionalProperties": false,
        "properties": {
          "id": {"type": "string"},
          "family": {"$ref": "#/$defs/family"},
          "version": {"type": "string"},
          "sha256": {"$ref": "#/$defs/sha256"}
        }
      }
    },
    "mode": {
      "type": "object",
      "required": ["name", "run_rules_version", "run_rules_sha256", "rules"],
      "properties": {
        "name": {"type": "string"},
        "run_rules_version": {"type": "string"},
        "run_rules_sha256": {"$ref": "#/$defs/sha256"},
        "rules": {"type": "object"}
      }
    },
    "device": {
      "type": "object",
      "required": ["spec", "device_class", "emulated"],
      "properties": {
        "spec": {"type": "string"},
        "device_class": {"$ref": "#/$defs/deviceClass"},
        "emulated": {"type": "boolean"}
      }
    },
    "meters": {"type": "array", "items": {"type": "object"}},
    "instruments": {"type": "array", "items": {"type": "object"}},
    "outages": {"type": "array", "items": {"type": "object", "required": ["workload", "attempt", "reason", "noticed_at", "outcome"]}},
    "workloads": {"type": "array", "items": {"type": "object", "required": ["id"]}},
    "verdicts": {"type": "array", "items": {"$ref": "#/$defs/verdict"}},
    "summary": {
      "type": "object",
      "required": ["pass", "fail", "inconclusive", "not_applicable", "reported_only"],
      "additionalProperties": false,
      "properties": {
        "pass": {"type": "integer", "minimum": 0},
        "fail": {"type": "integer", "minimum": 0},
        "inconclusive": {"type": "integer", "minimum": 0},
        "not_applicable": {"type": "integer", "minimum": 0},
        "reported_only": {"type": "integer", "minimum": 0}
      }
    },
    "scoring_input": {
      "type": "object",
      "required": ["device_class", "clause_ids", "workloads", "measurements", "run_complete"],
      "additionalProperties": false,
      "properties": {
        "device_class": {"$ref": "#/$defs/deviceClass"},
        "clause_ids": {"type": "array", "items": {"type": "string"}},
        "workloads": {
          "type": "array",
          "items": {
            "type": "object", "required": ["id", "kind"], "additionalProperties": false,
            "properties": {"id": {"type": "string"}, "kind": {"type": "string"}}
          }
        },
        "measurements": {"type": "array", "items": {"$ref": "#/$defs/measurement"}},
        "run_complete": {"type": "boolean"},
        "incomplete_reason": {"type": "string"},
        "suite_id": {"type": "string"},
        "inapplicable_families": {"type": "array"},
        "certifies": {"type": "boolean"}
      }
    }
  },
  "$defs": {
    "time": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"},
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "decision": {"enum": ["conformant", "not-conformant", "inconclusive", "incomplete", "indicative"]},
    "verdictValue": {"enum": ["pass", "fail", "inconclusive", "not-applicable", "reported-only"]},
    "family": {"enum": ["latency", "quality", "energy", "privacy"]},
    "deviceClass": {"enum": ["smartphone", "tablet", "pc", "smart-home", "wearable", "xr-glasses", "service-robot", "toy",
      "vehicle-cockpit"]},
    "figure": {"type": ["number", "string"]},
    "verdict": {
      "type": "object",
      "required": ["clause_id", "title", "level", "verdict", "checks", "evidence"],
      "additionalProperties": false,
      "properties": {
        "clause_id": {"type": "string"},
        "title": {"type": "string"},
        "level": {"enum": ["mandatory", "recommended"]},
        "workload_id": {"type": "string"},
        "verdict": {"$ref": "#/$defs/verdictValue"},
        "reason": {"type": "string"},
        "evidence": {"type": "array", "items": {"type": "string"}},
        "checks": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["metric", "comparison", "unit", "verdict"],
            "properties": {
              "metric": {"type": "string"},
              "value": {"$ref": "#/$defs/figure"},
              "comparison": {"type": "string"},
              "bound": {"$ref": "#/$defs/figure"},
              "unit": {"type": "string"},
              "verdict": {"$ref": "#/$defs/verdictValue"},
              "reason": {"type": "string"}
            }
          }
        }
      }
    },
    "measurement": {
      "type": "object",
      "required": ["metric", "unit", "valid", "evidence"],
      "additionalProperties": false,
      "properties": {
        "metric": {"type": "string"},
        "workload_id": {"type": "string"},
        "workload_kind": {"type": "string"},
        "scenario": {"type": "string"},
        "value": {"$ref": "#/$defs/figure"},
        "unit": {"type": "string"},
        "valid": {"type": "boolean"},
        "evidence": {"type": "string"},
        "reason": {"type": "string"},
        "uncertainty": {"$ref": "#/$defs/figure"},
        "uncertainty_missing": {"type": "string"}
      }
    }
  }
}
"""#

    /// The schema, parsed.
    public static func schema() throws(DeskError) -> JSONSchema {
        do {
            return try JSONSchema(document: try JSONValue(data: Data(text.utf8)))
        } catch let error as DeskError {
            throw error
        } catch {
            throw DeskError("the built-in report schema does not parse: \(error)")
        }
    }
}
