using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Reporting;

/// <summary>
/// <c>PUT {server}/api/v1/nodes/{node}/probe</c> with the node's bearer token. The token file is read on every send,
/// so a rotated Secret takes effect without a restart.
/// </summary>
internal sealed class ProbeSender(HttpClient http, Uri server, string tokenFile)
{
    public async Task<SendOutcome> SendAsync(ProbeReport report, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SendOutcome(SendStatus.Refused, $"token file {tokenFile}: {e.Message}");
        }

        var uri = new Uri(server, $"api/v1/nodes/{Uri.EscapeDataString(report.Node)}/probe");
        using var request = new HttpRequestMessage(HttpMethod.Put, uri)
        {
            Content = new StringContent(WireFormat.Serialize(report), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Classify(response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(SendStatus.Retry, $"{uri}: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendStatus.Retry, $"{uri}: timed out ({e.Message})");
        }
    }

    public static SendOutcome Classify(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return new SendOutcome(SendStatus.Accepted, $"{code}");
        }

        if (status == HttpStatusCode.Conflict)
        {
            return new SendOutcome(SendStatus.Stale, $"409: {Shorten(body)}", LastAccepted(body));
        }

        return code is >= 500 or 408 or 429
            ? new SendOutcome(SendStatus.Retry, $"{code}: {Shorten(body)}")
            : new SendOutcome(SendStatus.Refused, $"{code}: {Shorten(body)}");
    }

    /// <summary><c>lastAcceptedSequence</c> from a ProbeAck or a problem+json extension, when the body has one.</summary>
    private static long? LastAccepted(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("lastAcceptedSequence", out var value)
                && value.TryGetInt64(out var sequence)
                ? sequence
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string body) => body.Length > 500 ? body[..500] + "…" : body;
}
