using Xunit.Sdk;

namespace ControlPlane.Testing;

/// <summary>
/// Polls a read until it satisfies a condition (the fleet index is fed by one-way messages). A wait that runs out fails
/// the test with what it last saw: a condition that never held is never mistaken for one that did.
/// </summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, int attempts = 50, int delayMs = 100)
    {
        var value = await read();
        for (var i = 0; i < attempts && !done(value); i++)
        {
            await Task.Delay(delayMs);
            value = await read();
        }

        return done(value)
            ? value
            : throw new XunitException($"The condition did not hold within {attempts} × {delayMs} ms; last seen: {Describe(value)}");
    }

    private static string Describe<T>(T value)
    {
        try
        {
            var json = System.Text.Json.JsonSerializer.Serialize(value);
            return json.Length > 4000 ? json[..4000] + "…" : json;
        }
        catch (NotSupportedException)
        {
            return value?.ToString() ?? "null";
        }
    }
}
