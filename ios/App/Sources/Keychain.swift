import Foundation
import Security
import SteppeFFI

/// The device's enrollment (token included) and its store's encryption key in the iOS Keychain,
/// this device only.
struct Keychain {
    struct Saved {
        let server: String
        let enrollment: Enrollment
        let storeKey: Data
    }

    private let service = "org.steppe.enrollment"

    func save(server: String, enrollment e: Enrollment, storeKey: Data) {
        let fields: [String: String] = [
            "server": server, "userId": e.userId, "userName": e.userName, "deviceId": e.deviceId,
            "deviceName": e.deviceName, "actor": e.actor.base64EncodedString(), "token": e.token,
            "storeKey": storeKey.base64EncodedString(),
        ]
        guard let data = try? JSONEncoder().encode(fields) else { return }
        let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service]
        SecItemDelete(query as CFDictionary)
        var add = query
        add[kSecValueData as String] = data
        add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        SecItemAdd(add as CFDictionary, nil)
    }

    func load() -> Saved? {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service,
            kSecReturnData as String: true, kSecMatchLimit as String: kSecMatchLimitOne,
        ]
        var item: CFTypeRef?
        guard SecItemCopyMatching(query as CFDictionary, &item) == errSecSuccess,
              let data = item as? Data,
              let f = try? JSONDecoder().decode([String: String].self, from: data),
              let server = f["server"], let token = f["token"],
              let actor = Data(base64Encoded: f["actor"] ?? ""),
              let storeKey = Data(base64Encoded: f["storeKey"] ?? "") else { return nil }
        return Saved(server: server, enrollment: Enrollment(
            userId: f["userId"] ?? "", userName: f["userName"] ?? "", deviceId: f["deviceId"] ?? "",
            deviceName: f["deviceName"] ?? "", actor: actor, token: token), storeKey: storeKey)
    }
}
