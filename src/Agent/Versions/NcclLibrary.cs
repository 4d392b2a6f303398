using System.Globalization;
using System.Runtime.InteropServices;

namespace ControlPlane.Agent.Versions;

/// <summary>The NCCL version of <c>libnccl.so.2</c> on the node, through <c>ncclGetVersion</c>, when the library is present.</summary>
internal static unsafe class NcclLibrary
{
    public const string LibraryName = "libnccl.so.2";

    public static string? TryGetVersion()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var library))
        {
            return null;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(library, "ncclGetVersion", out var address))
            {
                return null;
            }

            int code;
            var rc = ((delegate* unmanaged<int*, int>)address)(&code);
            return rc == 0 ? Decode(code) : null;
        }
        finally
        {
            NativeLibrary.Free(library);
        }
    }

    /// <summary>NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9 (22809 is 2.28.9), major*1000 + minor*100 + patch before.</summary>
    public static string Decode(int code)
    {
        var (major, minor, patch) = code >= 20900
            ? (code / 10000, code / 100 % 100, code % 100)
            : (code / 1000, code / 100 % 10, code % 100);
        return string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}");
    }
}
