using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UnionReview.Server.Tests.Reports;

public sealed class StartupTests
{
    private const string Questions = "id: hong\ntitle: \"Đề cương hỏng\"\nparts:\n  - id: p\n    title: \"P\"\n    sections:\n      - id: s\n        code: \"I\"\n        title: \"S\"\n        questions:\n          - id: q\n";

    public static TheoryData<string, string, string> BrokenOutlines() => new()
    {
        { Questions + "            kind: so-lieu\n            prompt: \"Bao nhiêu?\"\n", "hong.yaml:12:", "Loại câu hỏi “so-lieu” không hợp lệ" },
        // Found by fuzzing: each of these stopped the service with an exception (the deep nesting by overflowing the stack).
        { Questions + "            kind: text\n            prompt: \"Nêu kết quả\"\n            minLength: 9999999999999999999999\n", "hong.yaml:14:24 ", "minLength phải là một số nguyên" },
        { Questions + "            kind: \"text\"\n                   *a\n            prompt: \"Nêu kết quả\"\n", "hong.yaml:13:20 ", "Bí danh “*a” chưa được khai báo" },
        { "id: hong\ntitle: \"Đề cương hỏng\"\nparts:\n  - " + new string('[', 50_000) + "\n", "hong.yaml:4:", "Tệp lồng nhau quá sâu" },
    };

    [Theory]
    [MemberData(nameof(BrokenOutlines))]
    public async Task A_broken_outline_file_stops_the_service_with_exit_code_3_and_the_file_line_and_problem_in_Vietnamese(string yaml, string place, string problem)
    {
        var folder = Directory.CreateTempSubdirectory("broken-dialogs-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "hong.yaml"), yaml);
            var server = typeof(Program).Assembly.Location;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = folder };
            foreach (var a in new[] { server, "migrate", "--Dialogs:Path", folder, "--Database:Path", Path.Combine(folder, "x.db"), "--Demo:Seed", "false" })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(3, process.ExitCode);
            Assert.StartsWith("Tệp hội thoại không hợp lệ:\n" + place, error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Contains(problem, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("đang chạy", await output, StringComparison.Ordinal);
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
