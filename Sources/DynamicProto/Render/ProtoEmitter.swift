import SwiftProtobuf

/// Writes `.proto` source for the descriptors of one file: indentation, files, services, enums and `extend` blocks.
/// Message bodies and field lines are in `ProtoEmitter+Message.swift`.
struct ProtoEmitter {
  let pool: PoolStorage
  let syntax: ProtoSyntax
  let unit: String
  private(set) var text = ""
  private var level = 0

  init(pool: PoolStorage, fileIndex: Int, indent: String) {
    self.pool = pool
    self.syntax = pool.files[fileIndex].syntax
    self.unit = indent
  }

  // MARK: Output

  mutating func line(_ content: String) {
    if content.isEmpty {
      text += "\n"
      return
    }
    for _ in 0..<level { text += unit }
    text += content
    text += "\n"
  }

  mutating func open(_ header: String) {
    line(header + " {")
    level += 1
  }

  mutating func close() {
    level -= 1
    line("}")
  }

  /// `option a = 1;` statements for an options message.
  mutating func optionStatements<M: SwiftProtobuf.Message>(_ options: M, type: String) {
    for assignment in OptionPrinter.assignments(options, type: type, pool: pool) { line("option \(assignment);") }
  }

  /// ` [a = 1, b = 2]`, or an empty string when there is nothing to show.
  func bracketed(_ items: [String]) -> String {
    items.isEmpty ? "" : " [" + items.joined(separator: ", ") + "]"
  }

  // MARK: Names

  func messageName(_ index: Int) -> String { "." + pool.messages[index].fullName }

  /// The type of a field as written in source: a scalar keyword or a fully-qualified, dot-prefixed type name.
  func typeName(_ field: FieldInfo) -> String {
    if let keyword = field.type.protoKeyword { return keyword }
    if field.messageIndex >= 0 { return messageName(field.messageIndex) }
    if field.enumIndex >= 0 { return "." + pool.enums[field.enumIndex].fullName }
    return field.proto.typeName
  }

  // MARK: Files

  /// A complete, compilable file: syntax, package, imports, options, then every definition.
  mutating func file(_ index: Int) {
    let info = pool.files[index]
    let proto = info.proto
    switch syntax {
    case .proto2: line("syntax = \"proto2\";")
    case .proto3: line("syntax = \"proto3\";")
    case .editions: line("edition = \(ProtoLiteral.quoted(Self.editionName(proto.edition)));")
    }
    if !proto.package.isEmpty {
      line("")
      line("package \(proto.package);")
    }
    let imports = importLines(proto)
    if !imports.isEmpty {
      line("")
      imports.forEach { line($0) }
    }
    let options = OptionPrinter.assignments(proto.options, type: "FileOptions", pool: pool)
    if !options.isEmpty {
      line("")
      options.forEach { line("option \($0);") }
    }
    let runs = extensionRuns(info.extensionIndices)
    let bound = runs.map { run in run.flatMap { boundPositions(extension: $0, scopeItems: info.messageIndices) } }
    let (steps, lazyStart) = Layout.interleave(itemCount: info.messageIndices.count, eager: [], lazy: bound)
    for step in steps {
      line("")
      switch step {
      case .item(let p): message(info.messageIndices[p])
      case .lazy(let r): extendBlock(runs[r])
      case .eager: break
      }
    }
    for e in info.enumIndices {
      line("")
      enumType(e)
    }
    for s in info.serviceIndices {
      line("")
      service(s)
    }
    for r in runs.indices.dropFirst(lazyStart) {
      line("")
      extendBlock(runs[r])
    }
  }

  private func importLines(_ proto: Google_Protobuf_FileDescriptorProto) -> [String] {
    let publicDeps = Set(proto.publicDependency)
    let weakDeps = Set(proto.weakDependency)
    var lines: [String] = []
    for (i, dep) in proto.dependency.enumerated() {
      let modifier = publicDeps.contains(Int32(i)) ? "public " : weakDeps.contains(Int32(i)) ? "weak " : ""
      lines.append("import \(modifier)\(ProtoLiteral.quoted(dep));")
    }
    for dep in proto.optionDependency { lines.append("import option \(ProtoLiteral.quoted(dep));") }
    return lines
  }

  static func editionName(_ edition: Google_Protobuf_Edition) -> String {
    switch edition {
    case .edition2023: "2023"
    case .edition2024: "2024"
    case .edition2026: "2026"
    case .proto2: "proto2"
    case .proto3: "proto3"
    default: "2023"
    }
  }

  func visibility(_ proto: Google_Protobuf_DescriptorProto) -> String {
    proto.hasVisibility ? Self.keyword(proto.visibility) : ""
  }

  func visibility(_ proto: Google_Protobuf_EnumDescriptorProto) -> String {
    proto.hasVisibility ? Self.keyword(proto.visibility) : ""
  }

  /// The edition 2024 `export` / `local` modifier.
  private static func keyword(_ visibility: Google_Protobuf_SymbolVisibility) -> String {
    switch visibility {
    case .visibilityExport: "export "
    case .visibilityLocal: "local "
    default: ""
    }
  }

  // MARK: Services

  mutating func service(_ index: Int) {
    let info = pool.services[index]
    open("service \(info.proto.name)")
    optionStatements(info.proto.options, type: "ServiceOptions")
    for m in info.proto.method.indices { method(service: index, index: m) }
    close()
  }

  /// `rpc Name ( .pkg.Req ) returns ( stream .pkg.Resp );`, with a body when the method has options.
  mutating func method(service: Int, index: Int) {
    let info = pool.services[service]
    let proto = info.proto.method[index]
    let input = (proto.clientStreaming ? "stream " : "") + messageName(info.inputIndices[index])
    let output = (proto.serverStreaming ? "stream " : "") + messageName(info.outputIndices[index])
    let signature = "rpc \(proto.name) ( \(input) ) returns ( \(output) )"
    let options = OptionPrinter.assignments(proto.options, type: "MethodOptions", pool: pool)
    if options.isEmpty {
      line(signature + ";")
    } else {
      open(signature)
      options.forEach { line("option \($0);") }
      close()
    }
  }

  // MARK: Enums

  mutating func enumType(_ index: Int) {
    let proto = pool.enums[index].proto
    open("\(visibility(proto))enum \(proto.name)")
    optionStatements(proto.options, type: "EnumOptions")
    for value in proto.value { enumValue(value) }
    if !proto.reservedRange.isEmpty {
      let ranges = proto.reservedRange.map {
        ProtoLiteral.range(first: Int64($0.start), last: Int64($0.end), maxValue: Int64(Int32.max))
      }
      line("reserved \(ranges.joined(separator: ", "));")
    }
    reservedNames(proto.reservedName)
    close()
  }

  mutating func enumValue(_ value: Google_Protobuf_EnumValueDescriptorProto) {
    let options = OptionPrinter.assignments(value.options, type: "EnumValueOptions", pool: pool)
    line("\(value.name) = \(value.number)\(bracketed(options));")
  }

  /// `reserved "a", "b";`, or bare identifiers in editions files.
  mutating func reservedNames(_ names: [String]) {
    guard !names.isEmpty else { return }
    let items = syntax == .editions ? names : names.map { ProtoLiteral.quoted($0) }
    line("reserved \(items.joined(separator: ", "));")
  }

  // MARK: Extensions

  /// Consecutive extensions with the same extendee, each run printed as one `extend` block.
  func extensionRuns(_ indices: [Int]) -> [[Int]] {
    var runs: [[Int]] = []
    for x in indices {
      if let last = runs.last?.last, pool.extensions[last].containingIndex == pool.extensions[x].containingIndex {
        runs[runs.count - 1].append(x)
      } else {
        runs.append([x])
      }
    }
    return runs
  }

  mutating func extendBlock(_ run: [Int]) {
    guard let first = run.first else { return }
    open("extend \(messageName(pool.extensions[first].containingIndex))")
    let scope = pool.extensions[first].extensionScopeIndex
    let items = scope >= 0 ? pool.messages[scope].nestedMessageIndices : pool.files[pool.extensions[first].fileIndex].messageIndices
    for x in run { field(pool.extensions[x], inOneof: false, scopeItems: items) }
    close()
  }

  /// The positions in `scopeItems` of the group type an extension declares inline, if any.
  func boundPositions(extension x: Int, scopeItems: [Int]) -> [Int] {
    let field = pool.extensions[x]
    guard inlinesGroup(field), let p = scopeItems.firstIndex(of: field.messageIndex) else { return [] }
    return [p]
  }
}
