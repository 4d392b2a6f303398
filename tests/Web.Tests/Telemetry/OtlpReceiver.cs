using System.Text;
using ControlPlane.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// The receiving end of OTLP/HTTP (https://opentelemetry.io/docs/specs/otlp/#otlphttp): takes each protobuf POST and
/// answers 200 with an empty body, as a collector does for a full success; it keeps the bodies, decoding nothing, so a
/// test can look for the instrument names and label values (protobuf carries strings as raw UTF-8).
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<byte[]> _bodies = [];

    private OtlpReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, address);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (receiver._bodies)
            {
                receiver._bodies.Add(body.ToArray());
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>True once one export request carries every one of <paramref name="strings"/>.</summary>
    public bool Received(params string[] strings)
    {
        lock (_bodies)
        {
            return _bodies.Select(b => Encoding.UTF8.GetString(b)).Any(text => strings.All(s => text.Contains(s, StringComparison.Ordinal)));
        }
    }

    public int Requests
    {
        get
        {
            lock (_bodies)
            {
                return _bodies.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
