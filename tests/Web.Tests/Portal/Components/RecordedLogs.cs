using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>A logger provider that keeps every entry written through it, to assert what a component logged.</summary>
internal sealed class RecordedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Entries.Enqueue((category, logLevel, exception));
    }
}
