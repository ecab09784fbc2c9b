import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Our own sentence for an error thrown by Foundation or the operating system.
///
/// On Linux, `localizedDescription` of a file error is "The operation could not be completed. (NSCocoaErrorDomain
/// error 512.)": it names neither the cause nor what to do. This reads the underlying POSIX `errno` (Foundation
/// keeps it in `NSUnderlyingErrorKey`) and the Cocoa error code instead, and says what happened in words an
/// operator can act on. The path is not part of the sentence: callers already name the file.
///
/// - Returns: a lower-case phrase without a final full stop, e.g. `"it does not exist"`,
///   `"permission denied"`, `"a part of the path is a file, not a folder"`.
package enum SystemErrorText {
    /// The phrase for any error: our own errors (``ImpactError``, ``ModelError``) give their message; POSIX and Cocoa
    /// file errors their `errno` (``describe(errno:)``); `DecodingError` the key path and what was wrong; anything else
    /// its `String(describing:)`, never `localizedDescription`.
    package static func describe(_ error: any Error) -> String {
        if let error = error as? ImpactError { return error.message }
        if let error = error as? ModelError { return error.message }
        if let error = error as? POSIXError { return describe(errno: error.code.rawValue) }
        if let error = error as? CocoaError {
            if let posix = error.underlying as? POSIXError { return describe(errno: posix.code.rawValue) }
            let ns = error as NSError
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                return describe(errno: Int32(underlying.code))
            }
            return describe(cocoa: error.code)
        }
        if let error = error as? DecodingError { return describe(decoding: error) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return describe(errno: Int32(ns.code)) }
        // Anything else: its own description (our error types describe themselves), never a localized stock phrase.
        return String(describing: error)
    }

    /// The phrase for an `errno` value; the C library's `strerror` text for codes without one of our own.
    package static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "it does not exist"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a folder, not a file"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EROFS: return "the file system is read-only"
        case EEXIST: return "it already exists"
        case ENOTEMPTY: return "the folder is not empty"
        case EMFILE, ENFILE: return "too many files are open"
        case ENAMETOOLONG: return "the path is too long"
        case EIO: return "an input/output error occurred on the disk"
        case EXDEV: return "it cannot be moved across file systems"
        default:
            guard let text = strerror(code) else { return "system error \(code)" }
            return String(cString: text).lowercased() + " (errno \(code))"
        }
    }

    static func describe(cocoa code: CocoaError.Code) -> String {
        switch code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "it does not exist"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding, .fileWriteInapplicableStringEncoding:
            return "it is not valid text in the expected encoding (UTF-8)"
        // swift-corelibs-foundation throws this one for bytes that are not valid UTF-8 in `String(contentsOf:encoding:)`.
        case .fileReadCorruptFile: return "its bytes are not valid in the expected encoding (UTF-8), or it is corrupt"
        case .fileReadTooLarge: return "it is too large to read"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileWriteFileExists: return "it already exists"
        case .fileLocking: return "it is locked"
        default: return "file error \(code.rawValue)"
        }
    }

    static func describe(decoding error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            var text = ""
            for key in context.codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): missing \(type) value"
        case .keyNotFound(let key, let context): return "\(path(context)): missing key \"\(key.stringValue)\""
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
