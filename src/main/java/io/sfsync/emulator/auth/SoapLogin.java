package io.sfsync.emulator.auth;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.http.ApiVersions;
import io.sfsync.emulator.http.Http;
import com.sun.net.httpserver.HttpExchange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOAP partner API's {@code login} call ({@code POST /services/Soap/u/{version}}), as jsforce's loginBySoap,
 * simple-salesforce and Data Loader use it: the answer's {@code sessionId} is a REST bearer token like an OAuth
 * access token. Other SOAP calls answer a fault: only login is emulated.
 */
public final class SoapLogin {

    private static final Pattern PATH = Pattern.compile("/services/Soap/u/(\\d+\\.\\d)(/.*)?");
    private static final String ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String PARTNER = "urn:partner.soap.sforce.com";
    private static final String XML_TYPE = "text/xml;charset=UTF-8";

    private final EmulatorOrg org;
    private final String baseUrl;

    public SoapLogin(EmulatorOrg org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
    }

    public void handle(HttpExchange ex, String path) throws IOException {
        Matcher m = PATH.matcher(path);
        if (!m.matches() || !ApiVersions.supported(m.group(1))) {
            Http.sendError(ex, SalesforceApiException.notFound());
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            fault(ex, "sf:INVALID_OPERATION", "INVALID_OPERATION", "SOAP requests must use HTTP POST", "ApiFault");
            return;
        }
        Element call = bodyCall(Http.body(ex));
        if (call == null) {
            fault(ex, "soapenv:Client", null, "Unable to parse the SOAP envelope", null);
            return;
        }
        if (!call.getLocalName().equals("login")) {
            fault(ex, "sf:UNKNOWN_EXCEPTION", "UNKNOWN_EXCEPTION", "The emulator answers only the login call of the"
                    + " SOAP API; use the REST API for " + call.getLocalName(), "UnexpectedErrorFault");
            return;
        }
        String username = text(call, "username");
        String password = text(call, "password");
        EmulatorConfig cfg = org.config();
        if (username == null || password == null || !username.equalsIgnoreCase(cfg.username())
                || !MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                cfg.password().getBytes(StandardCharsets.UTF_8))) {
            fault(ex, "sf:INVALID_LOGIN", "INVALID_LOGIN",
                    "Invalid username, password, security token; or user locked out.", "LoginFault");
            return;
        }
        String version = m.group(1);
        String org15 = org.orgId().substring(0, 15);
        Map<String, Object> user = org.get("User", org.userId()).orElseThrow();
        String session = org.newSession();
        StringBuilder x = new StringBuilder(2048);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"").append(ENVELOPE)
                .append("\" xmlns=\"").append(PARTNER)
                .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><loginResponse><result>");
        el(x, "metadataServerUrl", baseUrl + "/services/Soap/m/" + version + "/" + org15);
        el(x, "passwordExpired", "false");
        el(x, "sandbox", "false");
        el(x, "serverUrl", baseUrl + "/services/Soap/u/" + version + "/" + org15);
        el(x, "sessionId", session);
        el(x, "userId", org.userId());
        x.append("<userInfo>");
        el(x, "accessibilityMode", "false");
        el(x, "chatterExternal", "false");
        el(x, "currencySymbol", "$");
        el(x, "orgAttachmentFileSizeLimit", "5242880");
        el(x, "orgDefaultCurrencyIsoCode", "USD");
        el(x, "orgDefaultCurrencyLocale", "en_US");
        el(x, "orgDisallowHtmlAttachments", "false");
        el(x, "orgHasPersonAccounts", "false");
        el(x, "organizationId", org.orgId());
        el(x, "organizationMultiCurrency", "false");
        el(x, "organizationName", String.valueOf(org.get("Organization", org.orgId())
                .map(o -> o.get("Name")).orElse("sfsync Emulator")));
        el(x, "profileId", "00e" + org.userId().substring(3, 15));
        x.append("<roleId xsi:nil=\"true\"/>");
        el(x, "sessionSecondsValid", Long.toString(cfg.sessionTimeout().toSeconds()));
        x.append("<userDefaultCurrencyIsoCode xsi:nil=\"true\"/>");
        el(x, "userEmail", (String) user.get("Email"));
        el(x, "userFullName", (String) user.get("Name"));
        el(x, "userId", org.userId());
        el(x, "userLanguage", "en_US");
        el(x, "userLocale", "en_US");
        el(x, "userName", (String) user.get("Username"));
        el(x, "userTimeZone", String.valueOf(user.get("TimeZoneSidKey")));
        el(x, "userType", "Standard");
        el(x, "userUiSkin", "Theme3");
        x.append("</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>");
        send(ex, 200, x.toString());
    }

    /** The first element inside the envelope's Body: the call. */
    private static Element bodyCall(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList bodies = doc.getElementsByTagNameNS(ENVELOPE, "Body");
            if (bodies.getLength() == 0) {
                return null;
            }
            for (org.w3c.dom.Node n = bodies.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getLocalName() != null) {
                    return e;
                }
            }
            return null;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static String text(Element call, String localName) {
        NodeList list = call.getElementsByTagNameNS("*", localName);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }

    private static void el(StringBuilder x, String name, String value) {
        x.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A SOAP fault, HTTP 500 as Salesforce answers it, with the API fault in {@code detail}. */
    private static void fault(HttpExchange ex, String code, String exceptionCode, String message, String faultType)
            throws IOException {
        StringBuilder x = new StringBuilder(512);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"").append(ENVELOPE)
                .append("\" xmlns:sf=\"urn:fault.partner.soap.sforce.com\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault>");
        el(x, "faultcode", code);
        el(x, "faultstring", exceptionCode == null ? message : exceptionCode + ": " + message);
        if (faultType != null) {
            x.append("<detail><sf:").append(faultType).append(" xsi:type=\"sf:").append(faultType).append("\">");
            el(x, "sf:exceptionCode", exceptionCode);
            el(x, "sf:exceptionMessage", message);
            x.append("</sf:").append(faultType).append("></detail>");
        }
        x.append("</soapenv:Fault></soapenv:Body></soapenv:Envelope>");
        send(ex, 500, x.toString());
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", XML_TYPE);
        ex.sendResponseHeaders(status, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
