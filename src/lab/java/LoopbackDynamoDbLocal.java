// Starts Amazon DynamoDB Local (in memory) listening on 127.0.0.1 only. DynamoDB Local's own
// launcher binds every interface and has no option to choose one; the lab must listen on
// loopback only, so it builds the same request handler and serves it from a loopback connector.
// Usage: java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDbLocal.java <port>
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(port, true, null, false, false);
    LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, null);
    DynamoDBProxyServer proxy = new DynamoDBProxyServer(port, handler);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(proxy.setUpHandler(handler));
    server.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1:" + port);
    server.join();
  }
}
