import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// `api.users.UserService` over a ``UserStore``.
///
/// - GetUser: user_id <= 0 → INVALID_ARGUMENT (BadRequest on `user_id`); unknown → NOT_FOUND
///   (ErrorInfo reason `USER_NOT_FOUND`, domain `demo.reflectprobe`, metadata `user_id`).
/// - UpdateProfile: needs request metadata `x-api-key: demo-key` (missing → UNAUTHENTICATED, other value →
///   PERMISSION_DENIED). `field_mask` paths name Profile fields (`display_name`, `bio`, `avatar_url`, optionally
///   prefixed `profile.`); an empty mask replaces the whole profile; an unknown path → INVALID_ARGUMENT.
///   Answers with header `x-demo-server: reflectprobe-demo` and trailer `x-updated-fields: a,b`.
/// - ListUsers: streams users in id order, filtered by `role` (unspecified = all); `page_size` > 0 caps how many
///   are sent (0 = all; < 0 → INVALID_ARGUMENT).
/// - CreateUsers: one user per message (empty email → INVALID_ARGUMENT), answers the count and new ids.
/// - Chat: echoes each message as `echo: <text>` stamped with the server's time, until the client closes.
public struct UserService: Api_Users_UserService.ServiceProtocol {
  /// The API key UpdateProfile requires in the `x-api-key` request header.
  public static let apiKey = "demo-key"

  public let store: UserStore

  public init(store: UserStore) {
    self.store = store
  }

  public func getUser(
    request: ServerRequest<Api_Users_GetUserRequest>, context: ServerContext
  ) async throws -> ServerResponse<Api_Users_User> {
    ServerResponse(message: try existingUser(request.message.userID))
  }

  public func updateProfile(
    request: ServerRequest<Api_Users_UpdateProfileRequest>, context: ServerContext
  ) async throws -> ServerResponse<Api_Users_User> {
    let keys = Array(request.metadata[stringValues: "x-api-key"])
    guard let key = keys.first else {
      throw RPCError(code: .unauthenticated, message: "missing x-api-key request header")
    }
    guard key == Self.apiKey else {
      throw RPCError(code: .permissionDenied, message: "x-api-key is not valid for UpdateProfile")
    }
    var user = try existingUser(request.message.userID)
    let update = request.message.profile
    let paths = request.message.fieldMask.paths.map {
      $0.hasPrefix("profile.") ? String($0.dropFirst("profile.".count)) : $0
    }
    var updated: [String] = []
    if paths.isEmpty {
      user.profile = update
      updated = ["display_name", "bio", "avatar_url"]
    } else {
      for path in paths {
        switch path {
        case "display_name", "displayName": user.profile.displayName = update.displayName
        case "bio": user.profile.bio = update.bio
        case "avatar_url", "avatarUrl":
          if update.hasAvatarURL { user.profile.avatarURL = update.avatarURL } else { user.profile.clearAvatarURL() }
        default:
          throw DemoErrors.badRequest(
            "unknown field_mask path \"\(path)\"",
            [("field_mask", "\"\(path)\" is not a Profile field (display_name, bio, avatar_url)")])
        }
        updated.append(path)
      }
    }
    store.update(user)
    return ServerResponse(
      message: user, metadata: ["x-demo-server": "reflectprobe-demo"],
      trailingMetadata: ["x-updated-fields": "\(updated.joined(separator: ","))"])
  }

  public func listUsers(
    request: ServerRequest<Api_Users_ListUsersRequest>, context: ServerContext
  ) async throws -> StreamingServerResponse<Api_Users_User> {
    let pageSize = request.message.pageSize
    guard pageSize >= 0 else {
      throw DemoErrors.badRequest("page_size must not be negative", [("page_size", "must be >= 0")])
    }
    let role = request.message.role
    let matching = store.all().filter { role == .unspecified || $0.role == role }
    let users = pageSize > 0 ? Array(matching.prefix(Int(pageSize))) : matching
    return StreamingServerResponse { writer in
      for user in users { try await writer.write(user) }
      return [:]
    }
  }

  public func createUsers(
    request: StreamingServerRequest<Api_Users_CreateUserRequest>, context: ServerContext
  ) async throws -> ServerResponse<Api_Users_CreateUsersResponse> {
    var response = Api_Users_CreateUsersResponse()
    var index = 0
    for try await message in request.messages {
      guard !message.email.isEmpty else {
        throw DemoErrors.badRequest("message \(index) has no email", [("email", "must not be empty")])
      }
      guard let user = store.create(email: message.email, profile: message.hasProfile ? message.profile : nil) else {
        throw RPCError(code: .resourceExhausted, message: "the demo user store is full")
      }
      response.created += 1
      response.userIds.append(user.userID)
      index += 1
    }
    return ServerResponse(message: response)
  }

  public func chat(
    request: StreamingServerRequest<Api_Users_ChatMessage>, context: ServerContext
  ) async throws -> StreamingServerResponse<Api_Users_ChatMessage> {
    StreamingServerResponse { writer in
      for try await message in request.messages {
        try await writer.write(
          .with {
            $0.text = "echo: \(message.text)"
            $0.sentAt = Google_Protobuf_Timestamp(date: Date())
          })
      }
      return [:]
    }
  }

  private func existingUser(_ id: Int64) throws -> Api_Users_User {
    guard id > 0 else {
      throw DemoErrors.badRequest("user_id must be positive", [("user_id", "must be > 0, got \(id)")])
    }
    guard let user = store.user(id) else {
      throw DemoErrors.notFound("user \(id) not found", reason: "USER_NOT_FOUND", metadata: ["user_id": "\(id)"])
    }
    return user
  }
}
