using System.Collections.Immutable;
using System.Xml;

namespace ControlPlane.Probes.Smi;

/// <summary>
/// Parses <c>nvidia-smi -q -x</c> in one forward pass. The DOCTYPE names a DTD nobody ships with the
/// capture, so DTD processing is ignored and no resolver is set: nothing is fetched or expanded.
/// </summary>
public static class NvidiaSmiXmlParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    public static NvidiaSmiReport Parse(string text, string fileName = "<input>")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ProbeParseException(fileName, 1, "an <nvidia_smi_log> document", null);
        }

        try
        {
            return Read(text, fileName);
        }
        catch (XmlException e)
        {
            throw new ProbeParseException(fileName, Math.Max(1, e.LineNumber), "well-formed nvidia-smi XML", e.Message);
        }
    }

    private static NvidiaSmiReport Read(string text, string fileName)
    {
        using var reader = XmlReader.Create(new StringReader(text), Settings);
        var lineInfo = (IXmlLineInfo)reader;
        var names = new List<string>();
        var top = new Dictionary<string, string>(StringComparer.Ordinal);
        var gpus = ImmutableArray.CreateBuilder<GpuDetails>();
        GpuFields? gpu = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth == 0 && reader.Name != "nvidia_smi_log")
                    {
                        throw new ProbeParseException(fileName, lineInfo.LineNumber, "the <nvidia_smi_log> root", reader.Name);
                    }

                    names.RemoveRange(reader.Depth, names.Count - reader.Depth);
                    names.Add(reader.Name);
                    if (reader.Depth == 1 && reader.Name == "gpu")
                    {
                        gpu = new GpuFields(reader.GetAttribute("id"), lineInfo.LineNumber, fileName);
                    }

                    break;
                case XmlNodeType.Text:
                    var value = reader.Value.Trim();
                    if (gpu is not null && reader.Depth > 2)
                    {
                        gpu.Add(string.Join('/', names.Skip(2).Take(reader.Depth - 2)), value, lineInfo.LineNumber);
                    }
                    else if (reader.Depth == 2)
                    {
                        top[names[1]] = value;
                    }

                    break;
                case XmlNodeType.EndElement when reader.Depth == 1 && reader.Name == "gpu" && gpu is not null:
                    gpus.Add(gpu.ToDetails());
                    gpu = null;
                    break;
            }
        }

        return ToReport(top, gpus.ToImmutable(), fileName, lineInfo.LineNumber);
    }

    private static NvidiaSmiReport ToReport(
        Dictionary<string, string> top, ImmutableArray<GpuDetails> gpus, string fileName, int lastLine)
    {
        var attached = gpus.Length;
        if (top.TryGetValue("attached_gpus", out var attachedText)
            && (!ProbeText.TryInt(attachedText, out attached) || attached != gpus.Length))
        {
            throw new ProbeParseException(fileName, lastLine, $"{attachedText} <gpu> elements (attached_gpus)", gpus.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (gpus.IsEmpty)
        {
            throw new ProbeParseException(fileName, lastLine, "at least one <gpu> element", null);
        }

        string? Top(string name) => top.TryGetValue(name, out var v) && !ProbeText.IsNotAvailable(v) ? v : null;
        return new NvidiaSmiReport(Top("driver_version"), Top("cuda_version"), attached, gpus);
    }
}
