import DynamicProto
import Foundation
import GRPCDynamic
import Synchronization

/// Prints a call's events as grpcurl does: response messages as JSON, and with `-v` the resolved method, request
/// and response metadata, trailers and a final count.
final class CallPrinter: InvocationEventHandler {
  let verbose: Bool
  private let received = Atomic<Int>(0)

  init(verbose: Bool) { self.verbose = verbose }

  var responseCount: Int { received.load(ordering: .relaxed) }

  func onResolveMethod(_ method: MethodDescriptor) {
    guard verbose else { return }
    emit("\nResolved method descriptor:\n" + ProtoRenderer().render(method: method))
  }

  func onSendHeaders(_ headers: RPCMetadata) {
    guard verbose else { return }
    emit("\nRequest metadata to send:\n" + Self.lines(headers) + "\n")
  }

  func onReceiveHeaders(_ headers: RPCMetadata) {
    guard verbose else { return }
    emit("\nResponse headers received:\n" + Self.lines(headers) + "\n")
  }

  func onReceiveResponse(_ response: ResponseMessage) {
    received.add(1, ordering: .relaxed)
    emit((verbose ? "\nResponse contents:\n" : "") + response.json + "\n")
  }

  func onReceiveTrailers(_ status: RPCStatus, _ trailers: RPCMetadata) {
    guard verbose else { return }
    emit("\nResponse trailers received:\n" + Self.lines(trailers) + "\n")
  }

  private static func lines(_ metadata: RPCMetadata) -> String {
    metadata.isEmpty ? "(empty)" : metadata.description
  }

  private func emit(_ text: String) {
    StandardOutput.write(text)
  }
}
