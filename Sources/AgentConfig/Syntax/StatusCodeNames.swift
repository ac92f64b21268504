/// The gRPC status code names (`OK` = 0 … `UNAUTHENTICATED` = 16), as `expect.code` takes them.
public enum StatusCodeNames {
  /// Names by code number.
  public static let names = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
    "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// The number of a name, case-insensitively (`NOT_FOUND`, `not_found` → 5); nil for an unknown name.
  public static func number(named name: String) -> Int? {
    names.firstIndex(of: name.uppercased())
  }

  /// The name of a code number (`5` → `NOT_FOUND`), or the number as text when it is not a known code.
  public static func name(of code: Int) -> String {
    names.indices.contains(code) ? names[code] : String(code)
  }
}
