package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A WebSocket handshake passes through, then both directions are raw byte pipes. */
@ExtendWith(BufferLeakWatch.class)
class ProxyWebSocketTest {

    @Test
    void echoesWebSocketMessagesThroughTheProxy() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (ProxyFixture fixture = new ProxyFixture()) {
            Channel echo = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/ws"), new WebSocketFrameAggregator(1 << 20),
                                    new EchoFrames());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int echoPort = ((InetSocketAddress) echo.localAddress()).getPort();
            fixture.decide(30, Decision.allowed(URI.create("http://127.0.0.1:" + echoPort)));
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Cookie", "grid=anything")
                    .buildAsync(URI.create("ws://127.0.0.1:" + fixture.port() + "/orders/30/app/ws"),
                            new Collect(received))
                    .get(10, TimeUnit.SECONDS);
            socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
            String first = received.poll(10, TimeUnit.SECONDS);
            socket.sendText("x".repeat(50_000), true).get(10, TimeUnit.SECONDS);
            String second = received.poll(10, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

            assertThat(first).isEqualTo("echo:hello");
            assertThat(second).as("second echo").isNotNull().hasSize(5 + 50_000).startsWith("echo:xxx").endsWith("xxx");
            echo.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Answers each text frame with "echo:" and its text. */
    private static final class EchoFrames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame("echo:" + frame.text()));
        }
    }

    /** Collects whole text messages. */
    private static final class Collect implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> received;
        private final StringBuilder partial = new StringBuilder();

        Collect(LinkedBlockingQueue<String> received) {
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
