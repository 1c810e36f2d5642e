using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Egress;

/// <summary>
/// The per-install certificate authority the egress proxy uses to terminate TLS for hosts a vault credential is scoped
/// to (and only those). The CA's key stays in <c>egress-ca.pfx</c> in the data directory (mode 0600, created at first
/// use); sandboxes get <c>egress-ca-bundle.pem</c> (the system's CAs plus this one) bound read-only at
/// <see cref="SandboxBundlePath"/>. Leaf certificates are made per host on demand and kept in memory.
/// </summary>
internal sealed class EgressCertificates(IOptions<SandboxOptions> options)
{
    public const string SandboxBundlePath = "/run/drover/ca-bundle.pem";

    private static readonly string[] s_systemBundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"];
    private readonly Lazy<(X509Certificate2 Ca, string BundlePath)> _ca = new(() => LoadOrCreate(options.Value.DataDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, X509Certificate2> _leaves = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<X509Certificate2Collection> _upstreamRoots = new(() => LoadRoots(options.Value.Egress.UpstreamCertificateAuthorities));

    /// <summary>The host file of the bundle sandboxes trust.</summary>
    public string BundlePath => _ca.Value.BundlePath;

    /// <summary>A certificate for <paramref name="host"/>, with its private key, signed by the CA.</summary>
    public X509Certificate2 LeafFor(string host) => _leaves.GetOrAdd(host, Issue);

    /// <summary>Whether the upstream's certificate is trusted: by the system, or by a CA of <see cref="EgressOptions.UpstreamCertificateAuthorities"/>.</summary>
    public bool ValidateUpstream(X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        if (errors == System.Net.Security.SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || _upstreamRoots.Value.Count == 0 || (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_upstreamRoots.Value);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    private X509Certificate2 Issue(string host)
    {
        var ca = _ca.Value.Ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(7) < ca.NotAfter ? now.AddDays(7) : ca.NotAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so that SslStream gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static (X509Certificate2, string) LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var pfx = Path.Combine(dataDirectory, "egress-ca.pfx");
        if (!File.Exists(pfx))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=Drover egress proxy CA ({Environment.MachineName})", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(pfx, fileOptions);
                stream.Write(created.Export(X509ContentType.Pkcs12));
            }
            catch (IOException) when (File.Exists(pfx))
            {
                // Another process made it first.
            }
        }

        var ca = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
        var bundle = new StringBuilder();
        foreach (var system in s_systemBundles.Where(File.Exists).Take(1))
        {
            bundle.Append(File.ReadAllText(system)).Append('\n');
        }

        bundle.Append(ca.ExportCertificatePem()).Append('\n');
        var bundlePath = Path.Combine(dataDirectory, "egress-ca-bundle.pem");
        File.WriteAllText(bundlePath, bundle.ToString());
        if (!OperatingSystem.IsWindows())
        {
            // Public certificates: the sandbox user must read the bundle.
            File.SetUnixFileMode(bundlePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return (ca, bundlePath);
    }

    private static X509Certificate2Collection LoadRoots(string? pemFile)
    {
        var roots = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(pemFile))
        {
            roots.ImportFromPemFile(pemFile);
        }

        return roots;
    }
}
