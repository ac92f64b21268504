print("reflectprobe-bench: codec benchmark lands with the JSON codec")
