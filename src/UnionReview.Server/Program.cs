using UnionReview.Dialogs.Loading;
using UnionReview.Server;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.WebApp;
using UnionReview.Server.Persistence;

var builder = WebApplication.CreateBuilder(args);
// A failed start is reported once: as the message below, or as the unhandled exception, not also as a log entry.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
builder.AddDatabase();
builder.AddConversations();
builder.AddOutbox();
builder.AddFeatureModules();
builder.AddLocalPages();
builder.AddWebApp();

var app = builder.Build();
try
{
    // Outlines are loaded before anything else, so a broken file stops the service with its located problems.
    _ = app.Services.GetRequiredService<OutlineCatalog>();
}
catch (Exception e) when (e is OutlineLoadException or DirectoryNotFoundException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 3;
}

var verbs = app.Services.GetServices<ICliVerb>().Select(v => v.Name);
if (CommandLine.IsVerb(args, verbs))
{
    return await CommandLine.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error, CancellationToken.None);
}

app.UseSecurityHeaders();
app.UseWebApp();
app.MapLocalPages();
app.MapWebApp();
app.MapFeatureEndpoints();
app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Urls)
    {
        Console.WriteLine($"UnionReview đang chạy. Trò chuyện trên web: {address}/chat");
    }
});
var configuredUrls = app.Configuration["Urls"];
try
{
    await app.RunAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    await Console.Error.WriteLineAsync(ServerTexts.AddressInUse(configuredUrls ?? "http://localhost:5000"));
    return 4;
}

return 0;

/// <summary>Entry point, public so WebApplicationFactory can start the service in tests.</summary>
public partial class Program;
