import Attestation

extension ReportComparison {
    /// The members of a report that a comparison reads — its rules (``findings``), its table, its
    /// page and charts (``html()``), and the registry's leaderboard — and nothing else: the
    /// per-query evidence and the rest of the scoring input, which make up most of a report, are
    /// left out. A comparison of these fields is the comparison of the whole reports
    /// (`ReportComparisonTests.fieldsCompareAsTheReports` pins it), so the registry keeps them at
    /// publish instead of parsing every compared bundle again.
    ///
    /// Members are kept as they are when they are not the expected shape (a string where an object
    /// is expected reads the same way in both), verdict rows keep their first check only (the only
    /// one a comparison shows), and measurements keep only those with a value (the only ones an
    /// uncertainty is looked up in), in their order.
    package static func fields(of predicate: JSONValue) -> JSONValue {
        let check: [String: Reduce?] = [
            "metric": nil, "value": nil, "comparison": nil, "bound": nil, "unit": nil, "reason": nil,
        ]
        return pick(
            predicate,
            [
                "report_id": nil, "decision": nil,
                "suite": { pick($0, ["id": nil, "version": nil, "sha256": nil]) },
                "standards": { each($0) { pick($0, ["id": nil, "sha256": nil]) } },
                "mode": { pick($0, ["name": nil, "run_rules_sha256": nil]) },
                "workloads": {
                    each($0) {
                        pick($0, ["id": nil, "scenarios": { each($0) { pick($0, ["scenario": nil]) } }])
                    }
                },
                "device": { pick($0, ["emulated": nil, "spec": nil]) },
                "lab": { pick($0, ["name": nil]) },
                "verdicts": {
                    each($0) { row in
                        pick(
                            row,
                            [
                                "clause_id": nil, "title": nil, "workload_id": nil, "level": nil, "verdict": nil,
                                "reason": nil,
                                "checks": { checks in
                                    guard case .array(let all) = checks else { return checks }
                                    return .array(all.prefix(1).map { pick($0, check) })
                                },
                            ])
                    }
                },
                "scoring_input": {
                    pick(
                        $0,
                        [
                            "measurements": { measurements in
                                guard case .array(let all) = measurements else { return measurements }
                                return .array(
                                    all.filter { $0["value"]?.doubleValue != nil }.map {
                                        pick($0, ["metric": nil, "workload_id": nil, "value": nil, "uncertainty": nil])
                                    })
                            }
                        ])
                },
            ])
    }

    private typealias Reduce = (JSONValue) -> JSONValue

    /// The members of an object named in `keep`, each reduced by its function (nil: as it is);
    /// anything but an object as it is.
    private static func pick(_ value: JSONValue, _ keep: [String: Reduce?]) -> JSONValue {
        guard case .object(let members) = value else { return value }
        var kept: [String: JSONValue] = [:]
        for (key, reduce) in keep {
            guard let member = members[key] else { continue }
            kept[key] = reduce.map { $0(member) } ?? member
        }
        return .object(kept)
    }

    /// Each element of an array reduced; anything but an array as it is.
    private static func each(_ value: JSONValue, _ reduce: (JSONValue) -> JSONValue) -> JSONValue {
        guard case .array(let elements) = value else { return value }
        return .array(elements.map(reduce))
    }
}
