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
    /// A bundle file was not applied; `field` says why (`not_a_bundle`, `damaged`, …).
    case bundle = "bundle"
    /// The phone met was refused; `field` says why (`expired`, `revoked`, `not_this_server`, `no_proof`, `self`, `other_version`).
    case peerRefused = "peer_refused"
}

/// An error for a screen. `resourceKey` names the string the app shows: the most specific of
/// `error_<code>_<field>` (e.g. `error_invalid_input_agreement`) that the string catalog has,
/// else `error_<code>` — see `keys` and `message(in:)`.
public struct UiError: Equatable, Hashable, Sendable {
    public let code: ErrorCode
    public let field: String
    public let action: String
    /// Where the record stands, as a catalogue id (`case_status_closed`).
    public let state: String
    /// Why, as a catalogue id (`reason_not_empty`), with the arguments its sentence takes
    /// (name, value, whether the value is itself a catalogue id).
    public let reason: String
    public let args: [Argument]
    /// The record kind the rule belongs to, as a catalogue id.
    public let record: String

    public struct Argument: Equatable, Hashable, Sendable {
        public let name: String
        public let value: String
        public let isKey: Bool
    }

    public init(_ code: ErrorCode, field: String = "", action: String = "", state: String = "",
                reason: String = "", args: [Argument] = [], record: String = "") {
        self.code = code
        self.field = field
        self.action = action
        self.state = state
        self.reason = reason
        self.args = args
        self.record = record
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

    /// The sentence a user reads, from the catalogue in the phone's language: the rule's field
    /// and reason, the step and where the record stands, the permission missing; the generic
    /// words of `keys` where the core sent no reason. Arguments go in the order `MESSAGE_ARGS`
    /// (generated from the catalogue) numbers the placeholders, whatever order they came in.
    public func sentence(in bundle: Bundle = .main) -> String {
        let missing = "\u{0}missing"
        func text(_ key: String) -> String? {
            let t = bundle.localizedString(forKey: key, value: missing, table: nil)
            return t == missing ? nil : t
        }
        func format(_ key: String, _ values: [String]) -> String? {
            text(key).map { String(format: $0, arguments: values) }
        }
        switch code {
        case .invalidInput where !reason.isEmpty:
            let order = MESSAGE_ARGS[reason] ?? args.map(\.name)
            let shown = order.map { name -> String in
                guard let a = args.first(where: { $0.name == name }) else { return "" }
                return a.isKey ? (text(a.value) ?? a.value) : a.value
            }
            if let why = format(reason, shown),
               let s = format("refusal_invalid_input", [text("field_" + field) ?? field, why]) {
                return s
            }
        case .wrongState where !record.isEmpty:
            if let s = format("refusal_wrong_state", [text(record) ?? record, text(state) ?? state,
                                                      text("step_" + action) ?? action]) {
                return s
            }
        case .notPermitted where !reason.isEmpty:
            if let s = format("refusal_not_allowed", [text(reason) ?? reason]) { return s }
        default:
            break
        }
        return message(in: bundle)
    }

    /// Maps anything a Steppe call throws to what the screen shows.
    public init(_ error: Error) {
        switch error {
        case let SteppeError.Rule(code, record, field, action, state, reason, args, _):
            let mapped: ErrorCode
            switch code {
            case .invalidInput: mapped = .invalidInput
            case .wrongState: mapped = .wrongState
            case .notPermitted: mapped = .notPermitted
            case .malformed: mapped = .malformed
            }
            self.init(mapped, field: field, action: action, state: state, reason: reason,
                      args: args.map { Argument(name: $0.name, value: $0.value, isKey: $0.isKey) },
                      record: record.map(recordKindKey) ?? "")
        case SteppeError.NotFound: self.init(.notFound)
        case SteppeError.InvalidArgument: self.init(.invalidArgument)
        case SteppeError.Offline, SteppeError.Cancelled, is TransportError: self.init(.offline)
        case SteppeError.Unauthorized: self.init(.unauthorized)
        case SteppeError.Revoked: self.init(.revoked)
        case SteppeError.Protocol: self.init(.server)
        case SteppeError.DiskFull: self.init(.diskFull)
        case SteppeError.WrongKey, SteppeError.WrongStore: self.init(.storeUnreadable)
        case SteppeError.Corrupt: self.init(.corrupt)
        case let SteppeError.Bundle(problem, _):
            let why: String
            switch problem {
            case .notABundle: why = "not_a_bundle"
            case .damaged: why = "damaged"
            case .notCertified: why = "not_certified"
            case .notForThisUnit: why = "not_for_this_unit"
            case .certificateRefused: why = "certificate_refused"
            }
            self.init(.bundle, field: why)
        case let SteppeError.PeerRefused(why): self.init(.peerRefused, field: why)
        default: self.init(.storage)
        }
    }
}

extension Error {
    public func toUiError() -> UiError { UiError(self) }
}
