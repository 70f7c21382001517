import Attestation
import Foundation

/// The JSON Schema of the report, every released version, as published in `Reports/schemas/`
/// (the current one also as `Reports/report.schema.json`; a test keeps them byte-identical), so a
/// verifier needs no file besides the trust root.
public enum ReportSchema {
    /// The template every version's text is made from: `{{VERSION}}` and `{{WORKLOADS}}` (the
    /// `workloads` member, which is what changed between versions) are filled in by ``text(version:)``.
    private static let template = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://aitc.dev/schemas/conformance-report/{{VERSION}}",
          "title": "aitc conformance report (the predicate of an aitc in-toto statement)",
          "description": "Checked by `aitc verify --trust-root` (step 7) with the keywords listed in Reports/ACCREDITATION.md. Members not named here are allowed at the top level and in open sections; the sections the desk reads are closed.",
          "type": "object",
          "required": ["schema", "report_id", "created_at", "decision", "decision_reason", "complete", "harness", "lab", "suite",
            "standards", "mode", "device", "meters", "instruments", "workloads", "verdicts", "summary", "started_at", "finished_at",
            "scoring_input"],
          "properties": {
            "schema": {"const": "aitc.conformance-report/{{VERSION}}"},
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
        {{WORKLOADS}}
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

    /// `workloads` in 0.1: open items with an id.
    private static let workloads01 = #"""
            "workloads": {"type": "array", "items": {"type": "object", "required": ["id"]}},
        """#

    /// `workloads` in 0.2: every early-stopping estimate and latency histogram the desk
    /// re-derives (step 8) has a closed, typed form.
    private static let workloads02 = #"""
            "workloads": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["id", "scenarios"],
                "properties": {
                  "id": {"type": "string"},
                  "scenarios": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["scenario", "queries"],
                      "properties": {
                        "scenario": {"enum": ["single-stream", "multi-stream", "offline", "server", "always-on"]},
                        "queries": {"type": "integer", "minimum": 0},
                        "early_stopping": {"$ref": "#/$defs/earlyStopping"},
                        "latency_histogram": {
                          "type": "object",
                          "required": ["scheme", "significant_bits", "count", "min_ns", "max_ns", "buckets"],
                          "additionalProperties": false,
                          "properties": {
                            "scheme": {"const": "log-linear/1"},
                            "significant_bits": {"const": 10},
                            "count": {"type": "integer", "minimum": 0},
                            "min_ns": {"type": "integer", "minimum": 0},
                            "max_ns": {"type": "integer", "minimum": 0},
                            "buckets": {
                              "type": "array",
                              "items": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "integer", "minimum": 0}}
                            }
                          }
                        }
                      }
                    }
                  },
                  "generation": {
                    "type": "object",
                    "required": ["timed", "ttft"],
                    "properties": {
                      "timed": {
                        "type": "array",
                        "items": {"type": "object", "required": ["ttft_ns"], "properties": {"ttft_ns": {"type": "integer", "minimum": 0}}}
                      },
                      "ttft": {"$ref": "#/$defs/earlyStopping"}
                    }
                  }
                }
              }
            },
        """#

    /// The `$defs` 0.2 adds.
    private static let definitions02 = #"""
            "earlyStopping": {
              "type": "object",
              "required": ["percentile", "confidence", "queries", "valid", "over_bound", "queries_needed"],
              "additionalProperties": false,
              "properties": {
                "percentile": {"type": "number"},
                "confidence": {"type": "number"},
                "queries": {"type": "integer", "minimum": 0},
                "valid": {"type": "boolean"},
                "over_bound": {"type": "integer", "minimum": 0},
                "estimate_ns": {"type": "integer", "minimum": 0},
                "queries_needed": {"type": "integer", "minimum": 0}
              }
            },
        """#

    /// The version the harness writes (``text``, `Reports/report.schema.json`).
    public static let currentVersion = "0.2"

    /// Every version the verifier accepts, oldest first. A released version's text never changes
    /// (Reports/ACCREDITATION.md, "Report schema versions"; a test pins each one's SHA-256).
    public static let versions = ["0.1", "0.2"]

    /// The `schema` member of a report of `version`.
    public static func identifier(version: String) -> String { "aitc.conformance-report/\(version)" }

    /// The published text of `version` (`Reports/schemas/conformance-report-VERSION.json`); nil
    /// for a version aitc does not know.
    public static func text(version: String) -> String? {
        let workloads: String
        let definitions: String
        switch version {
        case "0.1": (workloads, definitions) = (workloads01, "")
        case "0.2": (workloads, definitions) = (workloads02, definitions02 + "\n")
        default: return nil
        }
        return template.replacingOccurrences(of: "{{VERSION}}", with: version)
            .replacingOccurrences(of: "{{WORKLOADS}}", with: workloads)
            .replacingOccurrences(of: "  \"$defs\": {\n", with: "  \"$defs\": {\n" + definitions)
    }

    /// The text of the current version, as published in `Reports/report.schema.json`.
    public static let text = text(version: currentVersion)!

    /// The current version's schema, parsed.
    public static func schema() throws(DeskError) -> JSONSchema {
        try schema(version: currentVersion)
    }

    /// Every known version's schema, parsed once (they are built in, so they never change).
    private static let parsed: [String: Result<JSONSchema, DeskError>] = Dictionary(
        uniqueKeysWithValues: versions.map { version in
            (version, Result { () throws(DeskError) -> JSONSchema in try parse(version: version) })
        })

    /// The schema of `version`, parsed.
    /// - Throws: ``DeskError`` for a version aitc does not know.
    public static func schema(version: String) throws(DeskError) -> JSONSchema {
        if let known = parsed[version] { return try known.get() }
        return try parse(version: version)
    }

    private static func parse(version: String) throws(DeskError) -> JSONSchema {
        guard let text = text(version: version) else {
            throw DeskError(
                "the report names schema version \(version), which this aitc does not know (it knows "
                    + "\(versions.joined(separator: ", "))); verify it with the aitc release that wrote it or a newer one"
            )
        }
        do {
            return try JSONSchema(document: try JSONValue(data: Data(text.utf8)))
        } catch let error as DeskError {
            throw error
        } catch {
            throw DeskError("the built-in report schema \(version) does not parse: \(error)")
        }
    }

    /// The version a report names in its `schema` member, if it is an aitc report schema id.
    public static func version(of report: JSONValue) -> String? {
        guard let id = report["schema"]?.stringValue, id.hasPrefix("aitc.conformance-report/") else { return nil }
        return String(id.dropFirst("aitc.conformance-report/".count))
    }
}
