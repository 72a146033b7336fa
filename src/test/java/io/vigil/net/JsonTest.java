package io.vigil.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Server(String name, int weight, double load, List<String> tags) {}

    @Test
    void writesMapsListsRecordsAndEscapes() {
        assertThat(Json.write(Json.obj("a", 1, "b", Json.arr("x\"y", null, true), "c", 2.5, "d", 3.0)))
                .isEqualTo("{\"a\":1,\"b\":[\"x\\\"y\",null,true],\"c\":2.5,\"d\":3}");
        assertThat(Json.write(new Server("rs\n1", 2, Double.NaN, List.of("a"))))
                .isEqualTo("{\"name\":\"rs\\n1\",\"weight\":2,\"load\":null,\"tags\":[\"a\"]}");
        assertThat(Json.write(Set.of("\u0001"))).isEqualTo("[\"\\u0001\"]");
        assertThat(Json.write(Map.of(7, "k"))).isEqualTo("{\"7\":\"k\"}");
    }

    @Test
    void readsWhatItWrites() {
        String text = Json.write(Json.obj("n", -12, "f", 1.5e3, "g", 0.25, "s", "t\tab\u00e9", "l", Json.arr(Json.obj(), Json.arr()), "z", false));
        assertThat(Json.parse(text)).isEqualTo(Map.of("n", -12L, "f", 1500L, "g", 0.25, "s", "t\tab\u00e9", "l", List.of(Map.of(), List.of()), "z", false));
        assertThat(Json.parse(" {\"u\" : \"\\u0041\"} ")).isEqualTo(Map.of("u", "A"));
    }

    @Test
    void refusesMalformedText() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("unexpected end");
    }
}
