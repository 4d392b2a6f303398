using System.Collections.Concurrent;
using Orleans.Storage;

namespace ControlPlane.Grains.Tests;

/// <summary>
/// A fake grain storage: memory storage that refuses writes for the grain keys a test switches to failing,
/// as Redis did when it stopped (the write answers an error and stores nothing). Keys, not a global switch,
/// because the test classes share the process and run in parallel.
/// </summary>
public sealed class FailingStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, bool> Failing = new(StringComparer.Ordinal);

    /// <summary>Every write of a grain with this key fails until the returned handle is disposed.</summary>
    public static IDisposable FailWritesOf(string grainKey)
    {
        Failing[grainKey] = true;
        return new Switch(grainKey);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    /// <summary>Writes that reached storage, by "state name:grain key", to prove which record an action wrote.</summary>
    public static readonly ConcurrentDictionary<string, int> Writes = new(StringComparer.Ordinal);

    public static int WritesOf(string stateName, string grainKey) => Writes.GetValueOrDefault($"{stateName}:{grainKey}");

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Failing.ContainsKey(grainId.Key.ToString()!))
        {
            throw new TimeoutException($"storage unavailable (FailingStorage): {stateName} of {grainId} was not written");
        }

        Writes.AddOrUpdate($"{stateName}:{grainId.Key}", 1, (_, n) => n + 1);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    private sealed class Switch(string grainKey) : IDisposable
    {
        public void Dispose() => Failing.TryRemove(grainKey, out _);
    }
}
