using System.Text.Json;
using ControlPlane.Web.Json;

namespace ControlPlane.Web.Apis;

/// <summary>
/// Reads a JSON body with a hard size limit, whatever server runs underneath, and turns every
/// failure into a problem that names what was wrong (and where, for JSON errors).
/// </summary>
public static class BoundedJsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Options);
            return value is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["body is null"] }))
                : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var message = e.Message.Split(" Path:", 2)[0];
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Malformed JSON"));
        }
    }

    private static IResult TooLarge(long maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"The body exceeds {maxBytes} bytes.");
}
