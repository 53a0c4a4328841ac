package io.taskscope.server;

import io.taskscope.kube.Shard;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s sharding flags, as kube-state-metrics names them. {@code --shard i --total-shards n} picks the shard
 * by hand; in a StatefulSet, {@code --total-shards n} with {@code --pod NAME} (or the environment variable
 * {@code POD_NAME}, from the downward API) takes i from the pod's ordinal ({@code taskscope-2} → 2). Unlike
 * kube-state-metrics, n is not read from the StatefulSet's {@code replicas}: no extra API calls or RBAC, and a
 * replica beyond n exits instead of exporting duplicates (docs/deploy.md, "Scale-out").
 */
final class ShardOptions {
  @Option(names = "--shard", description = "This replica's shard, 0..total-1 (needs --total-shards).")
  Integer shard;

  @Option(names = "--total-shards", description = "Number of shards the cluster's objects are split into (default 1).")
  Integer totalShards;

  @Option(names = "--pod", description = "Pod name whose StatefulSet ordinal is the shard (default: env POD_NAME; "
      + "used with --total-shards and without --shard).")
  String pod;

  @Option(names = "--pod-namespace", description = "Namespace of --pod (default: env POD_NAMESPACE); logged only.")
  String podNamespace;

  /** The shard these flags select; a one-line {@link IllegalArgumentException} for bad input. */
  Shard resolve(Map<String, String> env) {
    if (totalShards == null) {
      if (shard != null) {
        throw new IllegalArgumentException("--shard needs --total-shards");
      }
      if (pod != null) {
        throw new IllegalArgumentException("--pod needs --total-shards (the number of StatefulSet replicas)");
      }
      return Shard.ALL;
    }
    if (totalShards < 1) {
      throw new IllegalArgumentException("--total-shards must be at least 1, got " + totalShards);
    }
    if (shard != null) {
      if (pod != null) {
        throw new IllegalArgumentException("--shard and --pod exclude each other (--pod takes the shard from the ordinal)");
      }
      return new Shard(shard, totalShards);
    }
    if (totalShards == 1 && pod == null) {
      return Shard.ALL; // one shard: nothing to split, whatever POD_NAME holds
    }
    String name = pod != null ? pod : env.get("POD_NAME");
    int ordinal = Shard.ordinalOf(name);
    if (ordinal >= totalShards) {
      throw new IllegalArgumentException("--pod " + name + ": ordinal " + ordinal + " is not a shard of --total-shards "
          + totalShards + " (0.." + (totalShards - 1) + "); set --total-shards to the StatefulSet's replicas");
    }
    return new Shard(ordinal, totalShards);
  }

  String namespace(Map<String, String> env) {
    return podNamespace != null ? podNamespace : env.getOrDefault("POD_NAMESPACE", "");
  }
}
