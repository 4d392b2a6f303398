using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ControlPlane.Silo.Storage;

/// <summary>
/// Embedded mode's grain storage: every state serialized exactly as Redis mode stores it (the grain storage serializer),
/// kept in this process with an etag per record, so a stale write fails as it would against Redis. Orleans'
/// <c>MemoryGrainStorage</c> does the same through a handful of storage grains, which costs a grain call and a copy of
/// the bytes per read and write and funnels every node's writes through those few grains; here a write is a
/// serialization and a compare-and-swap.
/// </summary>
public sealed class InProcessGrainStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    // Striped wider than the default (one lock per core): a fleet registering writes several records per node at once.
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new(concurrencyLevel: 64, capacity: 4096);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data) ?? activators.GetActivator<T>().Create();
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var data = serializer.Serialize(grainState.State);
        while (true)
        {
            if (_entries.TryGetValue(key, out var stored))
            {
                var written = stored.Next(data, grainState.ETag, stateName, grainId);
                if (_entries.TryUpdate(key, written, stored))
                {
                    return Written(grainState, written);
                }
            }
            else
            {
                var written = Entry.First(data, grainState.ETag, stateName, grainId);
                if (_entries.TryAdd(key, written))
                {
                    return Written(grainState, written);
                }
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        while (_entries.TryGetValue(key, out var stored))
        {
            Entry.CheckETag(stored.ETag, grainState.ETag, stateName, grainId);
            if (_entries.TryRemove(KeyValuePair.Create(key, stored)))
            {
                break;
            }
        }

        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static Task Written<T>(IGrainState<T> grainState, Entry written)
    {
        grainState.ETag = written.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <summary>One stored record; replaced whole, so a compare-and-swap on the reference is a compare-and-swap on the etag.</summary>
    private sealed class Entry(BinaryData data, long version)
    {
        public BinaryData Data { get; } = data;

        public string ETag { get; } = version.ToString(CultureInfo.InvariantCulture);

        public static Entry First(BinaryData data, string? presented, string stateName, GrainId grainId)
        {
            CheckETag(null, presented, stateName, grainId);
            return new Entry(data, 1);
        }

        public Entry Next(BinaryData data, string? presented, string stateName, GrainId grainId)
        {
            CheckETag(ETag, presented, stateName, grainId);
            return new Entry(data, long.Parse(ETag, CultureInfo.InvariantCulture) + 1);
        }

        public static void CheckETag(string? stored, string? presented, string stateName, GrainId grainId)
        {
            if (!string.Equals(stored, presented, StringComparison.Ordinal))
            {
                throw new InconsistentStateException($"{stateName} of {grainId}: the write presented etag '{presented}', storage holds '{stored}'", stored, presented);
            }
        }
    }
}
