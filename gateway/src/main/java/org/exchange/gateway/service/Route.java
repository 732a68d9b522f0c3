package org.exchange.gateway.service;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One public route: a path pattern, the service that owns it, and which realm roles may call it
 * per HTTP method. An empty role set means any authenticated caller, {@link RouteTable#PUBLIC}
 * any caller without a token; a method absent from the map is 405.
 */
public record Route(String group, Pattern path, String downstream, Map<String, Set<String>> rolesByMethod) {

    public static Route of(String group, String regex, String downstream, Map<String, Set<String>> rolesByMethod) {
        return new Route(group, Pattern.compile(regex), downstream, rolesByMethod);
    }

    public boolean matches(String requestPath) {
        return path.matcher(requestPath).matches();
    }
}
