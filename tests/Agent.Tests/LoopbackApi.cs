using System.Net;
using ControlPlane.Testing;

namespace ControlPlane.Agent.Tests;

/// <summary>An HTTP listener on a free loopback port, standing in for the control plane's API.</summary>
internal sealed class LoopbackApi : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackApi()
    {
        Url = $"http://127.0.0.1:{FreePorts.Next()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
    }

    /// <summary>The base URL, with its trailing slash.</summary>
    public string Url { get; }

    public Task<HttpListenerContext> NextRequestAsync() => _listener.GetContextAsync();

    public void Dispose() => _listener.Close();
}
