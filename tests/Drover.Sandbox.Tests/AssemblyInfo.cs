// The sandbox tests run real bubblewrap: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
