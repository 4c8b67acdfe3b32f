package payer

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"

	qrcode "github.com/skip2/go-qrcode"
)

// QR codes are written as 1-bit grayscale PNGs straight from go-qrcode's module bitmap: a module
// is one bit, a row of the image is a few dozen bytes, and the seven pixel rows of a module row are
// the same bytes. go-qrcode's own PNG path draws an 8-bit RGBA image first and compresses it at the
// default level, which cost ~2 ms and over 1 MB per image.

// pngSignature opens every PNG file.
var pngSignature = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}

// qrZlib keeps two zlib writers for good: a deflate compressor is ~1 MB of tables, and cold renders
// are rare enough that a sync.Pool would have been emptied by the garbage collector between two of
// them, making each render allocate a new one. More than two renders at once make a writer each.
var qrZlib = make(chan *zlib.Writer, 2)

func getZlib(w io.Writer) *zlib.Writer {
	select {
	case z := <-qrZlib:
		z.Reset(w)
		return z
	default:
		z, _ := zlib.NewWriterLevel(w, zlib.BestSpeed) // BestSpeed is a valid level: no error
		return z
	}
}

func putZlib(z *zlib.Writer) {
	select {
	case qrZlib <- z:
	default:
	}
}

// encodeQR renders content as a PNG with a quiet zone of four modules (go-qrcode's bitmap has it),
// each module scale×scale pixels, black on white.
func encodeQR(content string, scale int) ([]byte, error) {
	code, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("payer: qr: %w", err)
	}
	return bitmapPNG(code.Bitmap(), scale)
}

// bitmapPNG writes a square module bitmap (true = dark) as a 1-bit grayscale PNG.
func bitmapPNG(bitmap [][]bool, scale int) ([]byte, error) {
	modules := len(bitmap)
	side := modules * scale
	rowBytes := (side + 7) / 8

	// One scanline per module row: the filter byte (0, none) then the pixels, 1 = white.
	line := make([]byte, 1+rowBytes)
	var raw bytes.Buffer
	raw.Grow(side * 16) // compressed size: a little over 1 KB for a typical address
	z := getZlib(&raw)
	defer putZlib(z)
	for _, row := range bitmap {
		clear(line)
		for x := 0; x < side; x++ {
			if !row[x/scale] {
				line[1+x/8] |= 0x80 >> (x % 8)
			}
		}
		for range scale {
			if _, err := z.Write(line); err != nil {
				return nil, fmt.Errorf("payer: qr png: %w", err)
			}
		}
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("payer: qr png: %w", err)
	}

	out := make([]byte, 0, len(pngSignature)+3*12+13+raw.Len())
	out = append(out, pngSignature...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(side))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(side))
	ihdr[8] = 1 // bit depth; colour type 0 (grayscale), compression 0, filter 0, no interlace
	out = appendChunk(out, "IHDR", ihdr[:])
	out = appendChunk(out, "IDAT", raw.Bytes())
	out = appendChunk(out, "IEND", nil)
	return out, nil
}

// appendChunk appends a PNG chunk: length, type, data, CRC-32 of type and data.
func appendChunk(out []byte, kind string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, kind...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
