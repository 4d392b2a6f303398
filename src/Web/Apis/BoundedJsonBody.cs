using System.Buffers;
using System.Text.Json;
using ControlPlane.Web.Apis.Problems;

namespace ControlPlane.Web.Apis;

/// <summary>
/// Reads a JSON body with a hard size limit, whatever server runs underneath, and turns every
/// failure into a problem that names what was wrong (and where, for JSON errors).
/// </summary>
internal static class BoundedJsonBody
{
    /// <param name="options">How to read it: <see cref="ApiJson.Options"/> unless given (<see cref="ApiJson.Strict"/> for specs).</param>
    public static async Task<(T? Value, BodyProblem? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken, JsonSerializerOptions? options = null)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BodyProblem.NotJson());
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, request.ContentLength + 1 ?? 64 * 1024));
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Deserialize<T>(buffer.AsSpan(0, length), options ?? ApiJson.Options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The same checks and answers, reading the body where the server buffered it (no copy) and trying
    /// <paramref name="fastRead"/> on it first; when that answers null, System.Text.Json reads it as above.
    /// </summary>
    public static async Task<(T? Value, BodyProblem? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, Func<ReadOnlySequence<byte>, T?> fastRead, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BodyProblem.NotJson());
        }

        var body = request.BodyReader;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                body.AdvanceTo(buffer.End);
                return (null, TooLarge(maxBytes));
            }

            if (result.IsCompleted)
            {
                try
                {
                    return fastRead(buffer) is { } value ? (value, null) : Deserialize<T>(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }

            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (T? Value, BodyProblem? Problem) Deserialize<T>(in ReadOnlySequence<byte> json)
        where T : class
    {
        if (json.IsSingleSegment)
        {
            return Deserialize<T>(json.FirstSpan, ApiJson.Options);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)json.Length);
        try
        {
            json.CopyTo(copy);
            return Deserialize<T>(copy.AsSpan(0, (int)json.Length), ApiJson.Options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static (T? Value, BodyProblem? Problem) Deserialize<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, options);
            return value is null
                ? (null, BodyProblem.Invalid(new Dictionary<string, string[]> { ["$"] = ["body is null"] }))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, BodyProblem.Invalid(new Dictionary<string, string[]> { [JsonErrors.PathOf(e)] = [JsonErrors.MessageOf(e)] }, "Malformed JSON"));
        }
    }

    private static BodyProblem TooLarge(long maxBytes) => BodyProblem.TooLarge("Body too large", $"The body exceeds {maxBytes} bytes.");
}
