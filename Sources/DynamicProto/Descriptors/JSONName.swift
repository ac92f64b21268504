/// protoc's rule for the default JSON name of a field.
enum JSONName {
  /// Drops underscores and capitalises the letter after each (`user_id` → `userId`, `a__b` → `aB`).
  static func from(fieldName: String) -> String {
    var result = ""
    result.reserveCapacity(fieldName.utf8.count)
    var upperNext = false
    for ch in fieldName {
      if ch == "_" {
        upperNext = true
      } else if upperNext {
        result.append(contentsOf: ch.uppercased())
        upperNext = false
      } else {
        result.append(ch)
      }
    }
    return result
  }
}
