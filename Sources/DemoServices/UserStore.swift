import Foundation
import SwiftProtobuf
import Synchronization

/// The demo's users, in memory: users 1, 2 and 3 are seeded with fixed values (deterministic answers for tests).
public final class UserStore: Sendable {
  /// Upper bound on stored users (CreateUsers answers RESOURCE_EXHAUSTED past it).
  public static let capacity = 10_000

  private struct State {
    var users: [Int64: Api_Users_User] = [:]
    var nextID: Int64 = 4
  }

  private let state = Mutex(State())

  public init() {
    state.withLock { state in
      for user in Self.seed { state.users[user.userID] = user }
    }
  }

  /// One user by id.
  public func user(_ id: Int64) -> Api_Users_User? { state.withLock { $0.users[id] } }

  /// Every user, by id.
  public func all() -> [Api_Users_User] { state.withLock { $0.users.values.sorted { $0.userID < $1.userID } } }

  /// Replaces a stored user (same id).
  func update(_ user: Api_Users_User) { state.withLock { $0.users[user.userID] = user } }

  /// Stores a new member user and returns it; nil when the store is full.
  func create(email: String, profile: Api_Users_Profile?) -> Api_Users_User? {
    state.withLock { state in
      guard state.users.count < Self.capacity else { return nil }
      var user = Api_Users_User()
      user.userID = state.nextID
      state.nextID += 1
      user.email = email
      if let profile { user.profile = profile }
      user.role = .member
      user.createdAt = Google_Protobuf_Timestamp(date: Date())
      state.users[user.userID] = user
      return user
    }
  }

  static let seed: [Api_Users_User] = [
    .with {
      $0.userID = 1
      $0.email = "ada@example.com"
      $0.profile = .with {
        $0.displayName = "Ada Lovelace"
        $0.bio = "First programmer"
        $0.avatarURL = "https://example.com/ada.png"
      }
      $0.role = .admin
      $0.createdAt = Google_Protobuf_Timestamp(seconds: 1_700_000_000)
      $0.addresses = [.with { $0.street = "12 St James's Square"; $0.city = "London"; $0.country = "GB" }]
      $0.labels = ["team": "engines", "tier": "gold"]
    },
    .with {
      $0.userID = 2
      $0.email = "alan@example.com"
      $0.profile = .with { $0.displayName = "Alan Turing"; $0.bio = "Computability" }
      $0.role = .member
      $0.createdAt = Google_Protobuf_Timestamp(seconds: 1_700_000_100, nanos: 500_000_000)
      $0.labels = ["team": "bombe"]
    },
    .with {
      $0.userID = 3
      $0.email = "grace@example.com"
      $0.profile = .with { $0.displayName = "Grace Hopper" }
      $0.role = .member
      $0.createdAt = Google_Protobuf_Timestamp(seconds: 1_700_000_200)
      $0.addresses = [
        .with { $0.street = "1 Navy Way"; $0.city = "Arlington"; $0.country = "US" },
        .with { $0.street = "2 Harbor Rd"; $0.city = "New York"; $0.country = "US" },
      ]
    },
  ]
}
