import Accreditation
import Attestation
import Foundation
import TestSupport

/// Validly signed bundles for the registry's tests, made from one real smartphone report
/// (RealReports): the same measurements, re-signed by a lab for another device. Lab A and Lab C are
/// accredited for smartphones; Lab B only for smart-home appliances.
enum RegistryBundles {
    static func fixture() throws -> RealReports.Fixture { try RealReports.fixture.get() }

    /// A smartphone report for `manufacturer model`, signed by `lab` and naming it.
    static func bundle(lab: String, manufacturer: String, model: String, fixture: RealReports.Fixture) throws -> Data {
        let template = try JSONValue(data: fixture.signed.first { $0.deviceClass == "smartphone" }!.report)
        guard var report = template.objectValue, var device = report["device"]?.objectValue,
            var info = device["info"]?.objectValue
        else { throw RegistryBundlesError() }
        info["manufacturer"] = .string(manufacturer)
        info["model"] = .string(model)
        device["info"] = .object(info)
        report["device"] = .object(device)
        report["report_id"] = .string("smartphone-\(model.lowercased())-\(UUID().uuidString.prefix(8))")
        report["lab"] = .object(["name": .string(lab), "key_id": .string(fixture.labs[lab]!.key.publicKey.keyID)])
        return try RealReports.resigned(.object(report), lab: lab, fixture: fixture)
    }

    struct RegistryBundlesError: Error {}
}
