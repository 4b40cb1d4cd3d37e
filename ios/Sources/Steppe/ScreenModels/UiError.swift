import Foundation
import SteppeFFI

/// What went wrong, as a screen shows it: a code and the field at fault, never a sentence.
/// The raw values are the string keys' stems (`error_<rawValue>`).
public enum ErrorCode: String, CaseIterable, Sendable {
    case invalidInput = "invalid_input"
    case wrongState = "wrong_state"
    case notPermitted = "not_permitted"
    case malformed = "malformed"
    case notFound = "not_found"
    case invalidArgument = "invalid_argument"
    case offline = "offline"
    case unauthorized = "unauthorized"
    case revoked = "revoked"
    case server = "server"
    case diskFull = "disk_full"
    case storeUnreadable = "store_unreadable"
    case corrupt = "corrupt"
    case storage = "storage"
}

/// An error for a screen. `resourceKey` names the string the app shows: the most specific of
/// `error_<code>_<field>` (e.g. `error_invalid_input_agreement`) that the string catalog has,
/// else `error_<code>` — see `keys` and `message(in:)`.
public struct UiError: Equatable, Hashable, Sendable {
    public let code: ErrorCode
    public let field: String
    public let action: String
    public let state: String

    public init(_ code: ErrorCode, field: String = "", action: String = "", state: String = "") {
        self.code = code
        self.field = field
        self.action = action
        self.state = state
    }

    /// Candidate string keys, most specific first.
    public var keys: [String] {
        let base = "error_" + code.rawValue
        if !field.isEmpty { return ["\(base)_\(field)", base] }
        if !action.isEmpty { return ["\(base)_" + action.replacingOccurrences(of: " ", with: "_"), base] }
        return [base]
    }

    public var resourceKey: String { keys[0] }

    /// The first of `keys` the bundle's strings have. The catalog has no key for most fields,
    /// so looking one up must not show the raw key: a sentinel tells "missing" from "found".
    public func message(in bundle: Bundle = .main) -> String {
        let missing = "\u{0}missing"
        for key in keys {
            let text = bundle.localizedString(forKey: key, value: missing, table: nil)
            if text != missing { return text }
        }
        return bundle.localizedString(forKey: keys[keys.count - 1], value: nil, table: nil)
    }

    /// Maps anything a Steppe call throws to what the screen shows.
    public init(_ error: Error) {
        switch error {
        case let SteppeError.Rule(code, _, field, action, state, _):
            let mapped: ErrorCode
            switch code {
            case .invalidInput: mapped = .invalidInput
            case .wrongState: mapped = .wrongState
            case .notPermitted: mapped = .notPermitted
            case .malformed: mapped = .malformed
            }
            self.init(mapped, field: field, action: action, state: state)
        case SteppeError.NotFound: self.init(.notFound)
        case SteppeError.InvalidArgument: self.init(.invalidArgument)
        case SteppeError.Offline, SteppeError.Cancelled, is TransportError: self.init(.offline)
        case SteppeError.Unauthorized: self.init(.unauthorized)
        case SteppeError.Revoked: self.init(.revoked)
        case SteppeError.Protocol: self.init(.server)
        case SteppeError.DiskFull: self.init(.diskFull)
        case SteppeError.WrongKey, SteppeError.WrongStore: self.init(.storeUnreadable)
        case SteppeError.Corrupt: self.init(.corrupt)
        default: self.init(.storage)
        }
    }
}

extension Error {
    public func toUiError() -> UiError { UiError(self) }
}
