using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UnionReview.Server.Tests.Reports;

public sealed class StartupTests
{
    [Fact]
    public async Task A_broken_outline_file_stops_the_service_with_the_file_line_and_problem_in_Vietnamese()
    {
        var folder = Directory.CreateTempSubdirectory("broken-dialogs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "hong.yaml"), "id: hong\ntitle: \"Đề cương hỏng\"\nparts:\n  - id: p\n    title: \"P\"\n    sections:\n      - id: s\n        title: \"S\"\n        questions:\n          - id: q\n            kind: so-lieu\n            prompt: \"Bao nhiêu?\"\n");
            var server = typeof(Program).Assembly.Location;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = folder };
            foreach (var a in new[] { server, "migrate", "--Dialogs:Path", folder, "--Database:Path", Path.Combine(folder, "x.db"), "--Demo:Seed", "false" })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(3, process.ExitCode);
            Assert.Contains("Tệp hội thoại không hợp lệ", error, StringComparison.Ordinal);
            Assert.Contains("hong.yaml:11:", error, StringComparison.Ordinal);
            Assert.Contains("Loại câu hỏi “so-lieu” không hợp lệ", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_port_already_in_use_stops_the_service_with_a_clear_message_and_exit_code_4()
    {
        var folder = Directory.CreateTempSubdirectory("port-in-use-").FullName;
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = folder };
            foreach (var a in new[] { typeof(Program).Assembly.Location, "--Urls", $"http://127.0.0.1:{port}", "--Database:Path", Path.Combine(folder, "x.db"), "--Schedules:RunJobs", "false", "--Logging:LogLevel:Default", "None" })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(4, process.ExitCode);
            Assert.Contains($"Không mở được địa chỉ http://127.0.0.1:{port}: cổng đang được một chương trình khác dùng", error, StringComparison.Ordinal);
            Assert.DoesNotContain("đang chạy", await output, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
