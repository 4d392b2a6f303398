using System.Collections.Immutable;

namespace ControlPlane.Probes.Perf;

/// <summary>
/// Parses nccl-tests output (<c>all_reduce_perf</c> and siblings). A run that fails reports a
/// <see cref="NcclTestOutcome.Failed"/> result carrying the failure lines; only text that cannot be
/// nccl-tests output (a malformed result row, nothing recognisable at all) throws.
/// </summary>
public static class NcclTestParser
{
    private const string ExpectedRow =
        "a result row (size count type redop [root] time algbw busbw #wrong [time algbw busbw #wrong])";

    public static NcclTestReport Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var devices = ImmutableArray.CreateBuilder<NcclTestDevice>();
        var rows = ImmutableArray.CreateBuilder<NcclTestRow>();
        var errors = ImmutableArray.CreateBuilder<string>();
        double? averageBusBandwidth = null;
        long? outOfBounds = null;
        var sawHeader = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Contains("failure", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(line);
            }
            else if (line.StartsWith('#'))
            {
                var comment = line.TrimStart('#').Trim();
                sawHeader |= comment.StartsWith("nThread", StringComparison.Ordinal) || comment.StartsWith("size", StringComparison.Ordinal);
                if (comment.StartsWith("Rank", StringComparison.Ordinal))
                {
                    devices.Add(NcclTestDeviceLine.Parse(comment, fileName, i + 1));
                }
                else if (comment.StartsWith("Avg bus bandwidth", StringComparison.Ordinal))
                {
                    averageBusBandwidth = NumberAfterColon(comment, fileName, i + 1);
                }
                else if (comment.StartsWith("Out of bounds values", StringComparison.Ordinal))
                {
                    outOfBounds = (long)NumberAfterColon(comment, fileName, i + 1);
                }
            }
            else if (char.IsAsciiDigit(line[0]))
            {
                rows.Add(ParseRow(ProbeText.Tokens(line), fileName, i + 1));
            }
        }

        if (!sawHeader && rows.Count == 0 && errors.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "nccl-tests output ('# nThread ...' or result rows)", null);
        }

        var outcome = errors.Count > 0 ? NcclTestOutcome.Failed
            : averageBusBandwidth is null ? NcclTestOutcome.Incomplete
            : NcclTestOutcome.Passed;
        return new NcclTestReport(outcome, devices.ToImmutable(), rows.ToImmutable(), averageBusBandwidth, outOfBounds, errors.ToImmutable());
    }

    private static double NumberAfterColon(string comment, string fileName, int lineNumber)
    {
        var colon = comment.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? "" : ProbeText.Tokens(comment[(colon + 1)..]).FirstOrDefault() ?? "";
        return ProbeText.TryDouble(value, out var number)
            ? number
            : throw new ProbeParseException(fileName, lineNumber, $"a number after '{comment.Split(':')[0].Trim()}:'", value);
    }

    // 13 cells: size count type redop root + 2×4 timings; 12 without root; 9 and 8 with out-of-place only.
    private static NcclTestRow ParseRow(string[] cells, string fileName, int lineNumber)
    {
        var hasRoot = cells.Length is 13 or 9;
        var timingsAt = hasRoot ? 5 : 4;
        if (cells.Length is not (13 or 12 or 9 or 8))
        {
            throw new ProbeParseException(fileName, lineNumber, ExpectedRow, string.Join(' ', cells));
        }

        int? root = null;
        if (hasRoot)
        {
            root = ProbeText.TryInt(cells[4], out var r) ? r : throw new ProbeParseException(fileName, lineNumber, "a root rank", cells[4]);
        }

        return new NcclTestRow(
            Size(cells[0], fileName, lineNumber),
            ProbeText.TryLong(cells[1], out var count) ? count : throw new ProbeParseException(fileName, lineNumber, "an element count", cells[1]),
            cells[2],
            cells[3],
            root,
            Timing(cells, timingsAt, fileName, lineNumber),
            cells.Length - timingsAt == 8 ? Timing(cells, timingsAt + 4, fileName, lineNumber) : null);
    }

    private static NcclTestTiming Timing(string[] cells, int at, string fileName, int lineNumber)
    {
        double Number(string cell, string what)
        {
            // Some retyped outputs glue the unit on: "0.003GB/s".
            var text = cell.EndsWith("GB/s", StringComparison.Ordinal) ? cell[..^4] : cell;
            return ProbeText.TryDouble(text, out var value) ? value : throw new ProbeParseException(fileName, lineNumber, what, cell);
        }

        long? wrong = cells[at + 3] == "N/A" ? null
            : ProbeText.TryLong(cells[at + 3], out var w) ? w
            : throw new ProbeParseException(fileName, lineNumber, "a #wrong count (or N/A)", cells[at + 3]);
        return new NcclTestTiming(
            Number(cells[at], "a time in us"),
            Number(cells[at + 1], "an algbw in GB/s"),
            Number(cells[at + 2], "a busbw in GB/s"),
            wrong);
    }

    // Sizes are bytes, or K/M/G-suffixed in hand-written reports ("1M").
    private static long Size(string cell, string fileName, int lineNumber)
    {
        var multiplier = cell[^1] switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1L,
        };
        var digits = multiplier == 1 ? cell : cell[..^1];
        return ProbeText.TryLong(digits, out var size) && size >= 0
            ? size * multiplier
            : throw new ProbeParseException(fileName, lineNumber, "a size in bytes", cell);
    }
}
