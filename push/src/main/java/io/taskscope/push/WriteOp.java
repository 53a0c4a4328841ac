package io.taskscope.push;

import java.util.concurrent.CompletableFuture;

/** One request to the push hub's writer, and its outcome once applied (null result: done). */
final class WriteOp {
  enum Kind { PUSH, FAILURE, DELETE, WIPE, EXPIRE, SYNC }

  final Kind kind;
  final GroupingKey key;
  final PushHub.PushRequest req;
  final Tenancy.Tenant tenant;
  final CompletableFuture<Void> done = new CompletableFuture<>();
  PushException result;

  WriteOp(Kind kind, GroupingKey key, PushHub.PushRequest req, Tenancy.Tenant tenant) {
    this.kind = kind;
    this.key = key;
    this.req = req;
    this.tenant = tenant;
  }
}
