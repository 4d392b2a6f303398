using System.CommandLine;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Replay;
using ControlPlane.Agent.Reporting;
using ControlPlane.Probes;

namespace ControlPlane.Agent.Cli;

/// <summary><c>cp-agent replay DIR --node NAME [--server URL --token-file F]</c>: a report from captured outputs, printed or sent.</summary>
internal static class ReplayCommand
{
    public static Command Create(AgentConsole console)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "Directory of captured outputs (topo-m.txt, nvidia-smi-q.xml, query-gpu.csv, ...)" };
        var node = CommonOptions.Node(required: true);
        var server = CommonOptions.Server(required: false);
        var tokenFile = CommonOptions.TokenFile(required: false);
        var pool = CommonOptions.Pool();
        var rack = CommonOptions.Rack();
        var command = new Command("replay", "Build the report from captured outputs; print it, or send it with --server") { directory, node, server, tokenFile, pool, rack };
        command.SetAction(async (parse, cancellationToken) =>
        {
            NodeFacts facts;
            try
            {
                facts = ReplayCollector.Collect(parse.GetValue(directory)!.FullName);
            }
            catch (ProbeParseException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return ExitCodes.MalformedInput;
            }
            catch (DirectoryNotFoundException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return ExitCodes.Failed;
            }

            var now = TimeProvider.System.GetUtcNow();
            var report = ReportFactory.Create(facts, parse.GetValue(node)!, now.ToUnixTimeMilliseconds(), now, parse.GetValue(pool)!, parse.GetValue(rack));
            if (parse.GetValue(server) is not { } url)
            {
                return await ReportOutput.PrintAsync(report, console, TimeProvider.System);
            }

            if (parse.GetValue(tokenFile) is not { } token)
            {
                await console.Error.WriteLineAsync("--server needs --token-file");
                return ExitCodes.Failed;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var sender = new ProbeSender(http, RunCommand.WithTrailingSlash(url), token.FullName);
            var sent = false;
            var loop = new ReportLoop(() => facts, sender.SendAsync, _ => sent = true, new ReportLoopOptions { Node = report.Node, Pool = report.Pool, Rack = report.Rack }, console.Error);
            await loop.ReportOnceAsync(facts, cancellationToken);
            await console.Error.WriteLineAsync(sent ? $"sent to {url}" : $"not accepted by {url}");
            return sent ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
