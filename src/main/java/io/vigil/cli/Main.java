package io.vigil.cli; public class Main { public static void main(String[] a){} }
