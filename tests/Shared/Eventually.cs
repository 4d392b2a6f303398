namespace ControlPlane.Testing;

/// <summary>Polls a read until it satisfies a condition (the fleet index is fed by one-way messages).</summary>
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

        return value;
    }
}
