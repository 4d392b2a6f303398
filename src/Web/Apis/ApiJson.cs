using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ControlPlane.Web.Apis;

/// <summary>The wire format of the API: camelCase, enums as their names, no comments or trailing commas.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// For what operators write (a deployment spec): a field the type does not have is an error, not ignored, so
    /// <c>"spare": 2</c> is answered instead of quietly meaning no spares. Views and agent reports stay lenient, so a
    /// client or agent of another version still reads them.
    /// </summary>
    public static readonly JsonSerializerOptions Strict = new(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
        // Reflection metadata on purpose: source-generated metadata sets an init-only property the JSON
        // omits to null instead of keeping its initializer ([]), which turned an older agent's report
        // without "nvLinksDown" into a 400 (see the API test for a minimal report).
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        return options;
    }
}
