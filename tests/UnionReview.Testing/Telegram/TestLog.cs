using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.Tests.Telegram;

/// <summary>Keeps every formatted log line (with exception text) so tests can look for secrets in them.</summary>
public sealed class TestLog : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public ILogger<T> For<T>() => new LoggerFactory([this]).CreateLogger<T>();

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
