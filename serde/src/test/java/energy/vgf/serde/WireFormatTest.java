package energy.vgf.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void headerCarriesTheIdBigEndianAfterMagicZero() {
    byte[] frame = new byte[7];
    WireFormat.writeHeader(frame, 0x01020304);
    assertThat(frame).startsWith(0, 1, 2, 3, 4);
    assertThat(WireFormat.schemaId(frame)).isEqualTo(0x01020304);
  }

  @Test
  void rejectsNullShortAndUnframedPayloads() {
    assertThatThrownBy(() -> WireFormat.schemaId(null)).isInstanceOf(InvalidPayloadException.class);
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 1})).hasMessageContaining("2 bytes");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1})).hasMessageContaining("0x01");
  }
}
